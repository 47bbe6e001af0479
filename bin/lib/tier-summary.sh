# Sums the JUnit XML reports of each tier; prints one line per tier and the total. Sourced by bin/test.
# Sets TIER_FAILED=1 when a tier failed or ran no test.

# The value of attribute $2 in the XML start tag $1 (0 when absent).
xml_attr() {
  local v
  v=$(printf '%s' "$1" | grep -o " $2=\"[0-9]*\"" | head -n1 | grep -o '[0-9][0-9]*') || true
  printf '%s' "${v:-0}"
}

# $@: report files; prints "tests failures errors skipped" summed over their first <testsuite> tags.
tier_counts() {
  local f tag t=0 fa=0 e=0 s=0
  for f in "$@"; do
    [ -f "$f" ] || continue
    tag=$(grep -o '<testsuite [^>]*>' "$f" | head -n1) || continue
    t=$((t + $(xml_attr "$tag" tests)))
    fa=$((fa + $(xml_attr "$tag" failures)))
    e=$((e + $(xml_attr "$tag" errors)))
    s=$((s + $(xml_attr "$tag" skipped)))
  done
  echo "$t $fa $e $s"
}

tier_summary() {
  local root=$1 tier t fa e s passed failed total_p=0 total_f=0 total_s=0 d netkit_runs=0
  local -a files tiers=(unit host)
  TIER_FAILED=0
  for d in "$root"/target/tier-reports/netkit-*; do
    [ -d "$d" ] && tiers+=("${d##*/}") && netkit_runs=$((netkit_runs + 1))
  done
  if [ "$netkit_runs" -eq 0 ]; then
    tiers+=(netkit)   # reported as "ran no test" below
  fi
  if [ -f "$root/target/tier-reports/package/check.log" ]; then
    tiers+=(package)
  fi
  if [ -f "$root/target/tier-reports/lab/selftest.log" ]; then
    tiers+=(lab)
  fi
  for tier in "${tiers[@]}"; do
    if [ "$tier" = package ]; then
      # bin/package --check prints "package --check: ok WHAT" or "FAILED WHAT" per check and
      # "all checks passed" at the end; without that line it did not finish.
      local log="$root/target/tier-reports/package/check.log"
      passed=$(grep -c '^package --check: ok ' "$log" || true)
      failed=$(grep -c '^package --check: FAILED ' "$log" || true)
      grep -q '^package --check: all checks passed' "$log" || [ "$failed" -gt 0 ] || failed=1
      printf 'tier %-16s %4d passed, %d failed, %d skipped\n' "$tier:" "$passed" "$failed" 0
      [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || TIER_FAILED=1
      total_p=$((total_p + passed)); total_f=$((total_f + failed))
      continue
    fi
    if [ "$tier" = lab ]; then
      # lab/lab selftest ends with "lab: N passed, M failed"; no line at all means it did not finish.
      read -r passed failed < <(sed -n 's/^lab: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' \
        "$root/target/tier-reports/lab/selftest.log" | tail -n1; echo "0 1")
      printf 'tier %-16s %4d passed, %d failed, %d skipped\n' "$tier:" "$passed" "$failed" 0
      [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || TIER_FAILED=1
      total_p=$((total_p + passed)); total_f=$((total_f + failed))
      continue
    fi
    case $tier in
      netkit*) files=("$root"/target/tier-reports/"$tier"/*.xml) ;;
      *) files=("$root"/*/target/tier-reports/"$tier"/TEST-*.xml) ;;
    esac
    read -r t fa e s < <(tier_counts "${files[@]}")
    failed=$((fa + e)); passed=$((t - failed - s))
    printf 'tier %-16s %4d passed, %d failed, %d skipped\n' "$tier:" "$passed" "$failed" "$s"
    if [ "$t" -eq 0 ]; then echo "tier $tier: ran no test"; TIER_FAILED=1; fi
    [ "$failed" -eq 0 ] || TIER_FAILED=1
    total_p=$((total_p + passed)); total_f=$((total_f + failed)); total_s=$((total_s + s))
  done
  printf 'total: %d passed, %d failed, %d skipped\n' "$total_p" "$total_f" "$total_s"
}
