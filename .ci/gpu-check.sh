#!/usr/bin/env bash
# GPU check of the CUDA backend (issue 6), in two steps because the GPU machine has no .NET SDK and no network:
#
#   .ci/gpu-check.sh prepare   here, on a machine with the .NET SDK (no GPU needed): publishes `longdoc` as one
#                              self-contained file into .gpu/bin and writes tiny random models of every architecture
#                              into .gpu/models (.gpu/ is git-ignored; carry it to the GPU machine, ~31 MB: the device
#                              tool's limit is 64 MiB for the working tree and the carried paths together).
#   .ci/gpu-check.sh [run]     on a machine with an NVIDIA GPU: times --device auto's first run (the quick self-test
#                              it runs once) and second run (cached verdict) and `selftest --quick`, then
#                              runs `longdoc selftest --device cuda` (every kernel
#                              against the CPU, DeepSeek Sparse Attention's dsa_index_scores, dsa_topk (up to 128k
#                              scores a query) and dsa_mla_f16 among them, then every model's logits on CUDA against
#                              the CPU, deepseek32-top16 with the DSA kernels among them) and
#                              `longdoc bench --device cuda` (per-kernel time, GB/s, TFLOP/s, fraction of ceilings),
#                              and writes device, driver, NVRTC version and the numbers under $OUT (default ./gpu-out).
#                              Uses .gpu/bin/longdoc when present, else builds Release with a local .NET SDK.
#                              Finds NVRTC on the loader's path, in $LONGDOC_NVRTC, or in pip's nvidia-cuda-nvrtc wheel.
#
# Exit code: selftest's (0 all passed, 3 no usable GPU, 4 a check failed), else bench's. Under 10 minutes: each step
# has its own timeout (compile of all kernels ~seconds, selftest ~1 min, bench ~1 min on an H200).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
gpu=.gpu
out=${OUT:-./gpu-out}

prepare() {
  command -v dotnet >/dev/null || { echo "gpu-check prepare: needs the .NET SDK" >&2; exit 1; }
  rm -rf "$gpu"
  mkdir -p "$gpu/models"
  # Single compressed file: the runtime travels inside it (no .NET on the GPU machine). Untrimmed it is 57 MB, which
  # with the 9 MB working tree is over the device tool's 64 MiB; trimming the framework (TrimMode=partial: our
  # assemblies and packages are kept whole) takes it to ~26 MB. Trim analysis warnings are not errors for this
  # publish only; reflection-based JSON stays on (bench --format json, logits output use it).
  dotnet publish src/LongDoc.Cli/LongDoc.Cli.csproj -c Release -r linux-x64 --self-contained \
    -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true \
    -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true -p:TreatWarningsAsErrors=false \
    -p:JsonSerializerIsReflectionEnabledByDefault=true -p:LongDocEmbeddings=false -o "$gpu/bin" --nologo -v quiet
  rm -f "$gpu"/bin/*.pdb
  LONGDOC_SELFTEST_MODELS="$PWD/$gpu/models" dotnet test tests/LongDoc.Runtime.Tests -c Release --nologo -v quiet \
    --filter "FullyQualifiedName~SelftestModelsTests"
  ls -l "$gpu/bin" "$gpu/models"
  du -sh "$gpu"
  # What travels: tracked files, untracked files git does not ignore, and .gpu.
  local tree
  tree=$(( $( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 -r du -cb 2>/dev/null | awk '/total$/ {s += $1} END {print s + 0}') + $(du -sb "$gpu" | cut -f1) ))
  echo "working tree + $gpu: $((tree / 1048576)) MiB (the device tool takes at most 64 MiB)"
  (( tree < 64 * 1048576 )) || { echo "gpu-check prepare: over the 64 MiB the device tool carries" >&2; exit 1; }
}

# Prints the directory of an NVRTC library the loader can use, or nothing.
find_nvrtc_dir() {
  if [[ -n "${LONGDOC_NVRTC:-}" ]]; then dirname "$LONGDOC_NVRTC"; return; fi
  if ldconfig -p 2>/dev/null | grep -q 'libnvrtc\.so'; then return; fi
  command -v python3 >/dev/null || return 0
  python3 - <<'PY' 2>/dev/null || true
import glob, os, site
dirs = list(site.getsitepackages()) + [site.getusersitepackages()]
for d in dirs:
    for p in sorted(glob.glob(os.path.join(d, "nvidia", "**", "libnvrtc.so*"), recursive=True)):
        if "builtins" not in os.path.basename(p):
            print(os.path.dirname(p)); raise SystemExit
PY
}

# --device auto on a GPU it has no verdict for: the first run of a model runs the quick self-test itself (timed, with
# its own fresh kernel cache, so the seconds include the first compile, as a user's first run pays them), the second
# reads the cached verdict; then `selftest --quick` as a user runs it. Lines go to $out/auto.txt and the summary.
auto_check() {
  local model=""
  for m in "$gpu"/models/*.gguf; do [[ -f "$m" ]] && { model=$m; break; }; done
  [[ -n "$model" ]] || return 0
  local xdg="$PWD/$gpu/xdg-cache-$$" began_at
  local -a env=(env XDG_CACHE_HOME="$xdg" LONGDOC_KERNEL_CACHE="$xdg/kernels")
  for step in first second; do
    began_at=$SECONDS
    timeout 120 "${env[@]}" "${longdoc[@]}" logits -m "$model" --tokens 1,2,3 >/dev/null 2>"$out/auto-$step.err"
    echo "auto, $step run: exit $?, $((SECONDS - began_at)) s; $(grep 'device: c' "$out/auto-$step.err" | tail -n 1)" >>"$out/auto.txt"
  done
  began_at=$SECONDS
  timeout 120 "${env[@]}" "${longdoc[@]}" selftest --device cuda --quick >"$out/selftest-quick.md" 2>&1
  echo "selftest --quick: exit $?, $((SECONDS - began_at)) s; $(tail -n 1 "$out/selftest-quick.md")" >>"$out/auto.txt"
  cp "$xdg/longdoc/cuda-selftest.json" "$out/" 2>/dev/null || true
  rm -rf "$xdg"
  cat "$out/auto.txt"
}

run() {
  mkdir -p "$out"
  local began=$SECONDS
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if command -v nvidia-smi >/dev/null; then
      nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv
    else
      echo "nvidia-smi: not found"
    fi
  } >"$out/device.txt" 2>&1
  cat "$out/device.txt"

  local nvdir
  nvdir=$(find_nvrtc_dir)
  if [[ -n "$nvdir" ]]; then
    # NVRTC loads libnvrtc-builtins from the same folder through the loader: both need the path.
    export LD_LIBRARY_PATH="$nvdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "nvrtc folder: $nvdir" | tee -a "$out/device.txt"
  fi

  local -a longdoc
  if [[ -x "$gpu/bin/longdoc" ]]; then
    longdoc=("$gpu/bin/longdoc")
  elif command -v dotnet >/dev/null; then
    timeout 300 dotnet build src/LongDoc.Cli/LongDoc.Cli.csproj -c Release -o artifacts/gpu-longdoc --nologo -v quiet
    longdoc=(dotnet artifacts/gpu-longdoc/longdoc.dll)
  else
    echo "gpu-check: no $gpu/bin/longdoc and no dotnet: run '.ci/gpu-check.sh prepare' where the .NET SDK is, and carry $gpu" | tee -a "$out/device.txt" >&2
    exit 1
  fi

  # A fresh kernel cache, so that the compile times in selftest.err are real compiles.
  export LONGDOC_KERNEL_CACHE="$PWD/$gpu/kernel-cache-$$"
  local -a models=()
  for m in "$gpu"/models/*.gguf; do [[ -f "$m" ]] && models+=(--model "$m"); done

  set +e
  auto_check
  timeout 360 "${longdoc[@]}" selftest --device cuda "${models[@]}" >"$out/selftest.md" 2>"$out/selftest.err"
  local selftest=$?
  cat "$out/selftest.md" "$out/selftest.err"
  local bench=0
  if [[ $selftest -ne 3 ]]; then
    timeout 150 "${longdoc[@]}" bench --device cuda >"$out/bench.md" 2>>"$out/selftest.err"; bench=$?
    timeout 150 "${longdoc[@]}" bench --device cuda --format json >"$out/bench.json" 2>>"$out/selftest.err" || bench=$?
    cat "$out/bench.md"
  fi
  set -e
  rm -rf "$LONGDOC_KERNEL_CACHE"

  {
    echo "# GPU check $(date -u +%Y-%m-%d)"
    echo
    sed 's/^/    /' "$out/device.txt"
    echo
    echo "selftest exit code $selftest (0 passed, 3 no usable GPU, 4 a check failed); bench exit code $bench"
    cat "$out/auto.txt" 2>/dev/null || true
    grep -E 'dsa_|deepseek32' "$out/selftest.md" 2>/dev/null || true
    tail -n 1 "$out/selftest.md" 2>/dev/null || true
    echo "wall time: $((SECONDS - began)) s"
  } >"$out/summary.md"
  cat "$out/summary.md"
  if [[ $selftest -ne 0 ]]; then exit "$selftest"; fi
  exit "$bench"
}

case "$mode" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: .ci/gpu-check.sh [prepare|run]" >&2; exit 2 ;;
esac
