# Sums the JUnit XML reports of each tier; prints one line per tier and the total. Sourced by bin/test.
# Sets TIER_FAILED=1 when a tier failed or ran no test.
tier_counts() { # $@: report files; prints "tests failures errors skipped"
  local f t=0 fa=0 e=0 s=0 line get
  for f in "$@"; do
    [ -f "$f" ] || continue
    # The first <testsuite …> element of each file carries the counts.
    line=$(grep -o '<testsuite [^>]*>' "$f" | head -n1)
    get() { printf '%s' "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    t=$((t + $(get tests))); fa=$((fa + $(get failures))); e=$((e + $(get errors))); s=$((s + $(get skipped)))
  done
  echo "$t $fa $e $s"
}

tier_summary() {
  local root=$1 tier files total_p=0 total_f=0 total_s=0 t fa e s passed failed
  TIER_FAILED=0
  for tier in unit host netkit; do
    if [ "$tier" = netkit ]; then
      files=("$root"/target/tier-reports/netkit/*.xml)
    else
      files=("$root"/*/target/tier-reports/"$tier"/TEST-*.xml)
    fi
    read -r t fa e s < <(tier_counts "${files[@]}")
    failed=$((fa + e)); passed=$((t - failed - s))
    printf 'tier %-7s %4d passed, %d failed, %d skipped\n' "$tier:" "$passed" "$failed" "$s"
    if [ "$t" -eq 0 ]; then echo "tier $tier: ran no test"; TIER_FAILED=1; fi
    [ "$failed" -eq 0 ] || TIER_FAILED=1
    total_p=$((total_p + passed)); total_f=$((total_f + failed)); total_s=$((total_s + s))
  done
  printf 'total: %d passed, %d failed, %d skipped\n' "$total_p" "$total_f" "$total_s"
}
