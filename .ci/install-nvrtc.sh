#!/usr/bin/env bash
# Installs NVIDIA's runtime compiler (NVRTC 11.8, libnvrtc.so.11.2) from Debian's non-free component so CUDA C
# kernels compile to PTX on a machine without a GPU. Needs root; idempotent. The non-free source is derived from
# the machine's own Debian source list, so no host is named here.
set -euo pipefail
if ldconfig -p | grep -q 'libnvrtc\.so\.11\.2'; then exit 0; fi
src=/etc/apt/sources.list.d/debian.sources
extra=/etc/apt/sources.list.d/debian-nonfree.sources
if [[ ! -f $extra ]]; then
  [[ -f $src ]] || { echo "install-nvrtc: $src not found (not Debian bookworm?)" >&2; exit 1; }
  # first stanza (the main archive) with its components swapped for contrib + non-free
  awk 'BEGIN{RS=""; ORS="\n\n"} NR==1' "$src" \
    | sed -e 's/^Components:.*/Components: contrib non-free/' -e 's/^Suites:.*/Suites: bookworm/' > "$extra"
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libnvrtc11.2 libnvrtc-builtins11.8 >/dev/null
ldconfig -p | grep -q 'libnvrtc\.so\.11\.2'
echo "install-nvrtc: libnvrtc.so.11.2 ready"
