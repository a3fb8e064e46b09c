#!/usr/bin/env bash
# Installs the system packages llhls uses, from Debian/Ubuntu apt, only those missing:
# ffmpeg (capture/encode, ffprobe in tests), chromium (browser client), fonts (test-source clock
# text), chrony (llhls clock), openssl (self-signed TLS), GStreamer with the base/good/bad/ugly
# plugins (llhls serve --engine gstreamer: rawvideoparse, x264enc, h264parse, splitmuxsink, mp4mux).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || need+=(fonts-dejavu-core)
command -v chronyc >/dev/null 2>&1 || need+=(chrony)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v gst-launch-1.0 >/dev/null 2>&1 || need+=(gstreamer1.0-tools)
for pair in base:videoconvert good:splitmuxsink bad:rawvideoparse ugly:x264enc; do
  gst-inspect-1.0 --exists "${pair#*:}" >/dev/null 2>&1 || need+=("gstreamer1.0-plugins-${pair%%:*}")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "llhls: installing ${need[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "llhls: Node.js 20.18.1 or newer is required, 22 or 24 recommended (https://nodejs.org or your distribution's nodejs package)" >&2
  exit 1
fi
node -e 'const [a,b,c]=process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && (b < 18 || (b === 18 && c < 1)))) { console.error("llhls: Node.js " + process.versions.node + " is too old; install Node.js 22 or 24 (20.18.1 at least)"); process.exit(1) }'
