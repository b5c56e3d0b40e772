#!/usr/bin/env python3
"""Lists the GPU architectures a CUDA shared library carries code for, without the CUDA toolkit.

Reads the ELF section .nv_fatbin, where nvcc puts one fat binary per compiled file: each holds entries of
machine code (SASS, for one sm_XY) or PTX (for one compute_XY, which the driver can compile for newer GPUs).
Prints each kind with its architectures, e.g.
  sass: sm_35 sm_50 sm_60 sm_70 sm_75 sm_80 sm_86
  ptx: compute_86
Usage (docs/deploy.md, "GPU executors"):
  unzip -o nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar '*/libnd4jcuda.so' -d /tmp/nd4j-cuda
  python3 docs/scripts/cuda_archs.py /tmp/nd4j-cuda/org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/libnd4jcuda.so
"""
import mmap
import struct
import sys

FATBIN_MAGIC = 0xBA55ED50
KINDS = {1: "ptx", 2: "sass"}


def fatbin_section(elf):
    """The bytes of .nv_fatbin, from the ELF64 section headers."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2:
        sys.exit("not a 64-bit ELF file")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    def section(i):
        name, _, _, _, offset, size = struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize)
        return name, offset, size
    _, names_offset, _ = section(shstrndx)
    for i in range(shnum):
        name, offset, size = section(i)
        end = elf.find(b"\0", names_offset + name)
        if elf[names_offset + name:end] == b".nv_fatbin":
            return elf[offset:offset + size]
    sys.exit("no .nv_fatbin section: this library holds no GPU code")


def entries(fatbin):
    """(kind, architecture) of every entry of every fat binary in the section."""
    position = 0
    while position + 16 <= len(fatbin):
        magic, _, header_size, fat_size = struct.unpack_from("<IHHQ", fatbin, position)
        if magic != FATBIN_MAGIC:
            position += 8  # fat binaries are 8-byte aligned; skip padding
            continue
        entry = position + header_size
        end = entry + fat_size
        while entry < end:
            kind, _, entry_header, padded_payload = struct.unpack_from("<HHII", fatbin, entry)
            architecture, = struct.unpack_from("<I", fatbin, entry + 28)
            yield KINDS.get(kind, f"kind{kind}"), architecture
            entry += entry_header + padded_payload
        position = end


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        elf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        found = {}
        for kind, architecture in entries(fatbin_section(elf)):
            found.setdefault(kind, set()).add(architecture)
    prefix = {"sass": "sm_", "ptx": "compute_"}
    for kind in sorted(found):
        print(f"{kind}: " + " ".join(prefix.get(kind, "") + str(a) for a in sorted(found[kind])))


if __name__ == "__main__":
    main()
