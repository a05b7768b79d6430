-- wrk script for `make loadtest`: optional extra headers (WRK_HEADERS, "Name: value|Name: value"),
-- an optional round-robin list of paths (WRK_PATHS, "|"-separated) and an optional pause per
-- request (WRK_DELAY_MS, the soak's pacing); prints one JSON line with the figures.
local headers_env = os.getenv("WRK_HEADERS") or ""
for pair in string.gmatch(headers_env, "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end
local paths = {}
for p in string.gmatch(os.getenv("WRK_PATHS") or "", "[^|]+") do table.insert(paths, p) end
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "0")
local counter = 0

request = function()
  if #paths == 0 then return wrk.format(nil) end
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end

if delay_ms > 0 then
  delay = function() return delay_ms end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "mean_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency.mean, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
