# Shared by the scripts in bin/: locate JDK 25+, bootstrap Maven, install packages.
# Sourced, not run. Callers use `set -euo pipefail`.

# (no dirname, no sed below: bin/jnetkit sources this on every call, and each program started costs
# a few ms, tens on a loaded machine)
case ${BASH_SOURCE[0]} in */*) JNETKIT_ROOT=${BASH_SOURCE[0]%/*} ;; *) JNETKIT_ROOT=. ;; esac
JNETKIT_ROOT=$(cd "$JNETKIT_ROOT/../.." && pwd)
JNETKIT_CACHE=${JNETKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jnetkit}
JNETKIT_MAVEN_VERSION=3.9.16
JNETKIT_MIN_JAVA=25

say() { printf '%s\n' "$*" >&2; }
die() { printf 'jnetkit: %s\n' "$*" >&2; exit 1; }

# The feature release of the JDK at $1 (a JAVA_HOME), or nothing.
jdk_release() {
  local home=$1 v="" line
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]*) ]]; then v=${BASH_REMATCH[1]}; break; fi
    done <"$home/release"
  fi
  printf '%s' "$v"
}

# Sets JAVA_HOME to a JDK >= 25: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
find_jdk() {
  local cand best="" bestv=0 v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jdk_release "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$JNETKIT_MIN_JAVA" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
      export JAVA_HOME; return 0
    fi
  fi
  for cand in /usr/lib/jvm/*; do
    [ -d "$cand" ] && [ ! -L "$cand" ] || continue
    v=$(jdk_release "$cand")
    [ -n "$v" ] && [ -x "$cand/bin/javac" ] || continue
    if [ "$v" -ge "$JNETKIT_MIN_JAVA" ] && [ "$v" -gt "$bestv" ]; then best=$cand; bestv=$v; fi
  done
  [ -n "$best" ] || die "no JDK ${JNETKIT_MIN_JAVA}+ found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm); install one, e.g. Temurin 25, and set JAVA_HOME"
  export JAVA_HOME=$best
}

apt_updated=0
# Installs Debian packages that are missing; apt-get update at most once per run.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages ${missing[*]}: run as root, or install them first"
  if [ "$apt_updated" -eq 0 ]; then
    say "jnetkit: apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    apt_updated=1
  fi
  say "jnetkit: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

# Sets MVN to a pinned Maven 3.9.x, bootstrapped once from Maven Central through Debian's maven
# (3.8.7 prints a sun.misc.Unsafe warning on JDK 25; 3.9.x does not). No wrapper, no URL.
find_maven() {
  local home="$JNETKIT_CACHE/maven/apache-maven-$JNETKIT_MAVEN_VERSION"
  if [ ! -x "$home/bin/mvn" ]; then
    apt_install maven
    mkdir -p "$JNETKIT_CACHE/maven"
    say "jnetkit: bootstrapping Maven $JNETKIT_MAVEN_VERSION"
    local jdk17 tmp
    tmp=$(mktemp -d "$JNETKIT_CACHE/maven/.boot.XXXXXX")
    # Debian's mvn runs on the default JDK 17 here, where it prints no warning.
    jdk17=$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -n1 || true)
    # Run outside any project directory so no pom.xml is picked up.
    (cd "$tmp" && JAVA_HOME=${jdk17:-$JAVA_HOME} /usr/bin/mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.apache.maven:apache-maven:$JNETKIT_MAVEN_VERSION:tar.gz:bin" \
      -DoutputDirectory="$tmp" >&2) \
      || { rm -rf "$tmp"; die "could not fetch org.apache.maven:apache-maven:$JNETKIT_MAVEN_VERSION from Maven Central"; }
    tar -xzf "$tmp"/apache-maven-*-bin.tar.gz -C "$tmp"
    rm -rf "$home"; mv "$tmp/apache-maven-$JNETKIT_MAVEN_VERSION" "$home"; rm -rf "$tmp"
  fi
  MVN="$home/bin/mvn"
}

# Packages every jnetkit script may need at run or test time (all from Debian's archive).
# graphviz: its dot draws `jnetkit graph`'s SVG and PNG (and the unit tests render with it).
HOST_PACKAGES=(iproute2 iputils-ping netcat-openbsd util-linux kmod clang llvm bpftool libbpf-dev graphviz jq)
# iperf3: TCP throughput in bin/bench-dataplane (the lab guest runs the host's copy: shared filesystem).
HOST_PACKAGES+=(iperf3)
# groff and man render the generated man pages in the unit tests (ManPagesTest); zsh runs the zsh
# completion script in CompletionHostTest (bash is always there).
HOST_PACKAGES+=(groff-base man-db zsh)
# debootstrap makes the fresh Debian 12 root of bin/package --apt-check (once, cached in the lab cache).
HOST_PACKAGES+=(debootstrap)
# The CNI clients that prove jnetkit-cni (bin/build-cnidriver, bin/cni-client-smoke,
# bin/podman-image, bin/cni-podman-smoke): Debian's reference plugins (ptp, host-local, in
# /usr/lib/cni; host-local is also jnetkit-cni's IPAM), Go + libcni's sources for the offline
# libcni driver, podman 4.3 (about 14 packages, 18 MB; it pulls crun, which refuses this host's
# hybrid cgroups, hence runc) and busybox-static for the test image's rootfs; containerd 1.6 for
# the CRI host test's private containerd (26 MB; its pause image is built from busybox too).
HOST_PACKAGES+=(containernetworking-plugins golang-go golang-github-appc-cni-dev podman runc busybox-static containerd)

# The JUnit console launcher that runs the netkit tier in one JVM inside the lab guest
# (the guest has no network, so it is fetched on the host by setup).
JNETKIT_JUNIT_VERSION=6.1.3
JNETKIT_CONSOLE_JAR="$JNETKIT_CACHE/junit/junit-platform-console-standalone-$JNETKIT_JUNIT_VERSION.jar"
fetch_console_launcher() {
  [ -f "$JNETKIT_CONSOLE_JAR" ] && return 0
  find_maven
  mkdir -p "$(dirname "$JNETKIT_CONSOLE_JAR")"
  (cd "$(dirname "$JNETKIT_CONSOLE_JAR")" && "$MVN" -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.junit.platform:junit-platform-console-standalone:$JNETKIT_JUNIT_VERSION" \
    -DoutputDirectory="$(dirname "$JNETKIT_CONSOLE_JAR")" >&2) \
    || die "could not fetch junit-platform-console-standalone $JNETKIT_JUNIT_VERSION from Maven Central"
}

# Module directories in build order.
JNETKIT_MODULES=(abi netns testkit rtnetlink asm bpf elf policy probe hooks pod topology cni cli)
