-- wrk script: each request asks for a random path from a file, one path a line,
-- so a run spreads over thousands of URLs and misses any response cache.
--   wrk -s scripts/bench/random-urls.lua http://127.0.0.1:PORT -- paths.txt
-- done() prints one line: MIX requests=… rps=… p50_ms=… p99_ms=… non2xx=… errors=…
-- where rps counts only 2xx answers (a shed 503 is fast, and no page).
local paths = {}

function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
  assert(#paths > 0, "no paths in " .. args[1])
  -- Each thread has its own Lua state (and table address): different sequences.
  local address = tonumber(tostring(paths):match("0x(%x+)") or "0", 16) or 0
  math.randomseed(os.time() + address % 1000003)
end

function request()
  return wrk.format(nil, paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "MIX requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, (summary.requests - e.status) / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
