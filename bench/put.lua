-- wrk workload: PutItem of ~640-byte items over a fixed key set, so every put replaces an
-- item (the table size stays constant). Each item also carries the key attributes of the
-- benchmark's two GSIs (gpk1/gsk1, gpk2/gsk2); on the plain table they are ordinary
-- attributes. With BENCH_MOVE=1 (default) they get fresh values, so on the indexed table
-- every put moves two index entries (delete + put each: the worst case); with BENCH_MOVE=0
-- they stay the item's own, so every put rewrites its two entries in place.
--   BENCH_TABLE  table to write        BENCH_KEYS  distinct items [20000]
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "workload.lua")
local table_name = os.getenv("BENCH_TABLE") or "plain"
local keys = tonumber(os.getenv("BENCH_KEYS") or "20000")
local move = (os.getenv("BENCH_MOVE") or "1") ~= "0"

local alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
local function payload(n)
  local t = {}
  for i = 1, n do
    local c = math.random(1, #alphabet)
    t[i] = alphabet:sub(c, c)
  end
  return table.concat(t)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.PutItem"

function request()
  local k = math.random(0, keys - 1)
  local g1, s1, g2, s2 = k % 1000, k, (k * 7) % 1000, k
  if move then
    g1, s1 = math.random(0, 999), math.random(0, 1000000)
    g2, s2 = math.random(0, 999), math.random(0, 99999999)
  end
  local body = string.format(
    '{"TableName":"%s","Item":{"pk":{"S":"p%06d"},"sk":{"S":"s%04d"},' ..
    '"gpk1":{"S":"g%03d"},"gsk1":{"N":"%d"},"gpk2":{"S":"h%03d"},"gsk2":{"S":"t%08d"},' ..
    '"v":{"S":"%s"}}}',
    table_name, math.floor(k / 10), k % 10, g1, s1, g2, s2, payload(math.random(450, 650)))
  return wrk.format(nil, "/", nil, body)
end

function response(status, headers, body)
  expect(status == 200, status, body)
end
