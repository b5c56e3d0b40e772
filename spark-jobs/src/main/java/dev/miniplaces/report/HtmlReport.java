package dev.miniplaces.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;

/** Renders a {@link ReportPage} with the report template; Mustache escapes every value for HTML. */
final class HtmlReport {
  private static final Mustache TEMPLATE =
      new DefaultMustacheFactory("dev/miniplaces/report").compile("report.html.mustache");

  private HtmlReport() {}

  static String render(ReportPage page) {
    StringWriter html = new StringWriter();
    TEMPLATE.execute(html, page);
    return html.toString();
  }
}
