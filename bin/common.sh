# Shared by bin/waitless and bin/test: find a JDK >= 21 and install missing Debian packages.
# shellcheck shell=bash

java_feature() { # prints the feature version of a java binary, or nothing
  # the JDK's release file says it without starting a JVM (a JVM here cost every bin/waitless start ~0.2 s, twice)
  local release v
  release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null | head -n1)
  if [[ -n "$v" ]]; then echo "$v"; return 0; fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n1
}

# Prints the home of the JDK to use: JAVA_HOME when it is a JDK >= 21, else the newest JDK >= 21 found.
find_jdk() {
  local best="" best_v=0 v cand
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && -x "$JAVA_HOME/bin/javac" ]]; then
    v=$(java_feature "$JAVA_HOME/bin/java")
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$JAVA_HOME"; return 0; fi
    echo "waitless: JAVA_HOME=$JAVA_HOME is Java ${v:-?}; looking for Java 21+ elsewhere" >&2
  fi
  for cand in /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [[ -x "$cand/bin/java" && -x "$cand/bin/javac" ]] || continue
    v=$(java_feature "$cand/bin/java")
    if [[ -n "$v" && "$v" -ge 21 && "$v" -gt "$best_v" ]]; then best="$cand"; best_v="$v"; fi
  done
  [[ -n "$best" ]] && { echo "$best"; return 0; }
  return 1
}

use_jdk() { # exports JAVA_HOME and PATH for the JDK to use, or exits with what to install
  local jdk
  if ! jdk=$(find_jdk); then
    cat >&2 <<'MSG'
waitless: needs a JDK 21 or newer (25 recommended; Asterisk-Java pins virtual threads on 21-23).
  Debian 12: install Temurin 25 (apt-get install temurin-25-jdk from the Adoptium repository)
  or openjdk-21-jdk from bookworm-backports, then re-run, or set JAVA_HOME to it.
MSG
    exit 1
  fi
  export JAVA_HOME="$jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

apt_install() { # apt_install PKG... : installs the Debian packages that are missing
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "waitless: installing ${missing[*]} (apt-get)" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >&2
}
