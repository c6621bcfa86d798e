-- wrk workload: GetItem of random items of the benchmark's plain table (bench/setup.py).
--   BENCH_KEYS  distinct items [20000]
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "workload.lua")
local keys = tonumber(os.getenv("BENCH_KEYS") or "20000")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.GetItem"

function request()
  local k = math.random(0, keys - 1)
  local body = string.format('{"TableName":"plain","Key":{"pk":{"S":"p%06d"},"sk":{"S":"s%04d"}}}',
                             math.floor(k / 10), k % 10)
  return wrk.format(nil, "/", nil, body)
end

function response(status, headers, body)
  expect(status == 200, status, body)
end
