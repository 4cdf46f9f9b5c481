# Sourced by the scripts in bin/ and bench/: sets $java to a JDK 21+ binary (the default `java`
# may be older), looking at $JAVA_HOME, /usr/lib/jvm/* and PATH, or exits 2 naming the caller.

java_version() { # the feature version of a java binary, e.g. 25; empty if it does not run
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}

find_java() {
  local candidate version
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) \
      "$(command -v java 2>/dev/null || true)"; do
    [ -x "$candidate" ] || continue
    version="$(java_version "$candidate")"
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

java="$(find_java)" || {
  echo "$(basename "$0"): no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/* and PATH)" >&2
  exit 2
}
