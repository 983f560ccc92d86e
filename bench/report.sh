#!/bin/sh
# report.sh — bench/results.md from bench/results.txt (the name=value
# lines of one `make bench`): the kiosk beside Chromium (bench/peer), then
# the project's headline figures with their budgets (bench/README.md
# explains each). A figure the run did not give shows as "—".
#
#   bench/report.sh results.txt [NOTE] > results.md
set -eu
RESULTS=$1
NOTE=${2:-}

val() { sed -n "s/^$1=//p" "$RESULTS" | tail -1; }
# The value of a figure; in MiB when it is in KiB and the second word is mib.
cell() {
    v=$(val "$1")
    if [ -z "$v" ]; then echo "—"
    elif [ "$2" = mib ]; then awk -v k="$v" 'BEGIN { printf "%.1f MiB", k / 1024 }'
    else echo "$v"; fi
}

echo "# Benchmarks"
echo
[ -n "$NOTE" ] && { echo "$NOTE"; echo; }
echo "## The kiosk beside Chromium in kiosk mode"
echo
echo "The same home screen (bench/peer-page/home.html for Chromium) under the same"
echo "Xvfb (1280x800, software rendering), measured from outside both (bench/peer)."
echo
echo "| | welkom | Chromium |"
echo "|---|---|---|"
row() {  # row LABEL SUFFIX [mib]
    echo "| $1 | $(cell "peer_welkom_$2" "${3:-}") | $(cell "peer_chromium_$2" "${3:-}") |"
}
row "first paint, exec to the header on screen (ms)" first_paint_ms
row "click to screen change, median (ms)" click_to_screen_p50_ms
row "click to screen change, slowest (ms)" click_to_screen_max_ms
row "idle CPU on the home screen (% of a core, 20 s)" idle_cpu_pct_20s
row "memory, PSS of all its processes" pss_kib mib
echo
echo "## Headline figures"
echo
echo "| figure | value | budget |"
echo "|---|---|---|"
fig() {  # fig NAME BUDGET [mib]
    echo "| $1 | $(cell "$1" "${3:-}") | $2 |"
}
fig startup_headless_main_to_first_frame_ms "< 150"
fig startup_xvfb_1280x800_main_to_first_frame_ms "< 150"
fig rss_first_frame_headless_peak_kib "< 40 MiB" mib
fig rss_after_1000_taps_headless_kib "< 40 MiB" mib
fig rss_after_browsing_all_languages_kib "< 40 MiB" mib
fig idle_home_cpu_pct_20s "0"
fig peer_welkom_click_to_screen_p50_ms "—"
fig redraw_cached_ar_p99_ms "few ms"
fig speech_tap_to_first_sample_p99_ms "< 50"
fig scroll_whats_on_200_ar_frame_p99_ms "< 8"
fig send_to_receipt_p99_ms "—"
fig sealed_inserts_per_s_sync_full "—"
fig sync_drain_10000_s "< 50"
fig sync_drain_rows_per_s "≥ 200"
fig hub_submissions_rps "≥ 500"
fig hub_submissions_p99_ms "< 200"
fig sync_publish_to_screen_ms_median "≤ 13000"
echo
echo "Every figure of the run is in bench/results.txt."
