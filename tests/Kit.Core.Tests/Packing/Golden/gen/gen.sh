#!/bin/sh
# Regenerates the golden files next to this directory with Go's archive/tar and encoding/json (no module needed).
set -eu
cd "$(dirname "$0")"
go run main.go json.go ..
