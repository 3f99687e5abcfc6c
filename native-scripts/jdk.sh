# Sourced by the other scripts: exports JAVA_HOME pointing at a JDK >= 25.
# Order: JAVA_HOME when it is new enough, else the newest JDK under /usr/lib/jvm.
# The machine's default java is 17, which cannot compile or run lrfinder.

lrfinder_required_jdk=25

lrfinder_jdk_feature() { # prints the feature version of the JDK at $1 (25 for "25.0.1"), or nothing
  local release="$1/release" line
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$release" ]; then
    # read, not sed: every lrfinder command sources this, and a process is a millisecond or two
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=\"[0-9]*) line=${line#JAVA_VERSION=\"}; echo "${line%%[!0-9]*}"; return 0 ;;
      esac
    done < "$release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

lrfinder_pick_jdk() {
  local v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(lrfinder_jdk_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$lrfinder_required_jdk" ]; then
      return 0
    fi
  fi
  local best="" best_v=0 dir
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -L "$dir" ] && continue
    v=$(lrfinder_jdk_feature "$dir")
    if [ -n "$v" ] && [ "$v" -ge "$lrfinder_required_jdk" ] && [ "$v" -gt "$best_v" ]; then
      best=$dir best_v=$v
    fi
  done
  if [ -z "$best" ]; then
    echo "lrfinder: no JDK >= $lrfinder_required_jdk found (JAVA_HOME=${JAVA_HOME:-unset}; looked under /usr/lib/jvm)." >&2
    echo "lrfinder: install one (e.g. Temurin 25) or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

lrfinder_pick_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guice uses sun.misc.Unsafe; JDK 25 warns about it on every run.
case " ${MAVEN_OPTS:-} " in
  *"--sun-misc-unsafe-memory-access"*) ;;
  *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
esac
