-- wrk workload: GetItem of random items of the benchmark's plain table (bench/setup.py).
--   BENCH_KEYS  distinct items [20000]
local keys = tonumber(os.getenv("BENCH_KEYS") or "20000")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.GetItem"

local errors = 0

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + (id or 0))
end

function request()
  local k = math.random(0, keys - 1)
  local body = string.format('{"TableName":"plain","Key":{"pk":{"S":"p%06d"},"sk":{"S":"s%04d"}}}',
                             math.floor(k / 10), k % 10)
  return wrk.format(nil, "/", nil, body)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors < 3 then print("ERROR " .. status .. " " .. body) end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d\n", summary.requests,
                         summary.errors.status + summary.errors.connect + summary.errors.read +
                         summary.errors.write + summary.errors.timeout,
                         summary.errors.status))
end
