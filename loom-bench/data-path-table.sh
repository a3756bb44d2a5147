#!/usr/bin/env bash
# Issue 8's table (docs/PERFORMANCE.md, "Issue 8: the data path"), every row, with one loom jar.
# Usage, from the repository root: JAR=loom-cli/target/loom.jar bash loom-bench/data-path-table.sh [outdir]
set -u
if [ -n "${JAVA_HOME:-}" ]; then export PATH="$JAVA_HOME/bin:$PATH"; fi   # a JDK 21+ on the PATH otherwise
JAR=${JAR:?set JAR}; out=${1:-/tmp/data-path-table}; mkdir -p "$out"; L="java --enable-native-access=ALL-UNNAMED -jar $JAR"
fsyncs() { python3 -c "import os,time
f=os.open(\"/tmp/fs.t\",os.O_WRONLY|os.O_CREAT);t=time.time();n=0
while time.time()-t<1: os.write(f,b\"x\"*4096);os.fsync(f);n+=1
print(\"fsync/s\",n);os.close(f);os.unlink(\"/tmp/fs.t\")"; }
last() { tail -1 "$1"; }
fsyncs | tee "$out/fsync.txt"
$L bench --actors 10000 --messages 1000000 --payload-bytes 100 --senders 1000 --warmup 5s --json 2>/dev/null > "$out/max.json"; last "$out/max.json"
R=$(python3 -c "import json;print(int(json.load(open('$out/max.json'))['throughput_per_s']/2))")
$L bench --actors 10000 --messages 300000 --payload-bytes 100 --senders 1000 --rate $R --warmup 5s --json 2>/dev/null > "$out/half.json"; last "$out/half.json"
$L bench --actors 10000 --messages 40000 --payload-bytes 100 --senders 1000 --rate 2000 --warmup 5s --json 2>/dev/null > "$out/2000.json"; last "$out/2000.json"
$L bench --store memory --actors 10000 --messages 200000 --payload-bytes 100 --senders 1000 --rate 11000 --warmup 5s --json 2>/dev/null > "$out/mem11k.json"; last "$out/mem11k.json"
$L bench --store memory --actors 10000 --messages 40000 --payload-bytes 100 --senders 1000 --rate 2000 --warmup 5s --json 2>/dev/null > "$out/mem2000.json"; last "$out/mem2000.json"
# HTTP rows against a fresh development server
d=$(mktemp -d); LOOM_DATA_DIR=$d LOOM_STORE_PATH=$d/loom.db $L server --port 3997 > "$out/server.log" 2>&1 &
SP=$!
for i in $(seq 1 60); do curl -sf localhost:3997/health/ready >/dev/null && break; sleep 1; done
PID=$SP
export LOOM_URL=http://localhost:3997 LOOM_TOKEN=$(cat $d/admin.token)
$L bench http --connections 64 --duration 10s --warmup 3s --json 2>/dev/null > "$out/http-send.json"; last "$out/http-send.json"
$L bench http --connections 64 --duration 10s --warmup 3s --mode ask --message '{"type":"Get"}' --json 2>/dev/null > "$out/http-ask.json"; last "$out/http-ask.json"
$L bench http --connections 16 --duration 10s --warmup 3s --mode ask --rate 500 --message '{"type":"Get"}' --json 2>/dev/null > "$out/http-ask500.json"; last "$out/http-ask500.json"
ticks() { awk '{print $14+$15}' /proc/$PID/stat; }
t0=$(ticks); $L bench http --connections 16 --duration 20s --warmup 0s --mode ask --rate 200 --message '{"type":"Get"}' --json 2>/dev/null > "$out/http-ask200.json"; t1=$(ticks)
last "$out/http-ask200.json"; echo "server cpu ticks during 20 s at 200 asks/s: $((t1-t0)) (ms per ask = ticks*10/4000)" | tee "$out/cpu-per-ask.txt"
sleep 10; t0=$(ticks); sleep 30; t1=$(ticks); echo "idle 10 s after load: $((t1-t0)) ticks / 30 s (share of a core = ticks/30 %)" | tee "$out/idle.txt"
kill $SP; wait $SP 2>/dev/null; rm -rf "$d"
