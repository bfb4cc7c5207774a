-- wrk script for bench/load_test.py: POST /v1/screen, one party per request, cycling through the
-- request bodies of a file of JSON lines (bench/load_names.jsonl: one {"name": ...} per line).
--
--   CORDON_LOAD_KEY=KEY wrk -t2 -c64 -d60s --latency -s bench/load_screen.lua \
--       http://127.0.0.1:8080 -- bench/load_names.jsonl
--
-- The key, when set, goes in "Authorization: Bearer KEY". Every request is built once in init()
-- (wrk's advice for fast servers); each thread starts at another offset so that the threads do not
-- send the same name at the same moment. done() prints one line, "wrk-json {...}", with the exact
-- figures (microseconds) that load_test.py reads next to wrk's own rounded report.

local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
end

local requests = {}
local count = 0
local next_index = 0

function init(args)
   local path = args[1] or "bench/load_names.jsonl"
   local headers = { ["Content-Type"] = "application/json" }
   local key = os.getenv("CORDON_LOAD_KEY")
   if key and key ~= "" then
      headers["Authorization"] = "Bearer " .. key
   end
   for line in io.lines(path) do
      if line ~= "" then
         count = count + 1
         requests[count] = wrk.format("POST", "/v1/screen", headers, line)
      end
   end
   if count == 0 then
      error("no request bodies in " .. path)
   end
   next_index = ((id or 0) * 997) % count
end

function request()
   next_index = next_index + 1
   if next_index > count then
      next_index = 1
   end
   return requests[next_index]
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'wrk-json {"duration_us":%d,"requests":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"max":%d,' ..
      '"p50":%d,"p90":%d,"p99":%d,"p99_9":%d}}\n',
      summary.duration, summary.requests, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.min, latency.mean, latency.stdev, latency.max,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency:percentile(99.9)))
end
