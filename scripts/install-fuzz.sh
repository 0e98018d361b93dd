#!/usr/bin/env bash
# Installs what fuzzing needs: the nightly toolchain (cargo-fuzz builds
# with sanitizers, which need it) and cargo-fuzz. The project itself stays
# on the stable toolchain.
set -euo pipefail
if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo +nightly install cargo-fuzz --locked
fi
