-- wrk workload: GetItem requests signed in advance (bench/presign.py), replayed in turn by
-- every connection. The same requests are sent to a server with --auth none (which ignores
-- the signatures) and one with --auth sigv4 (which verifies every one).
--   BENCH_REQUESTS  the file presign.py wrote
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "workload.lua")
local path = os.getenv("BENCH_REQUESTS")
local requests = {}
local function load()
  for line in io.lines(path) do
    local auth = line:match('"[Aa]uthorization": "([^"]*)"')
    local date = line:match('"X%-Amz%-Date": "([^"]*)"')
    local body = line:match('"body": "(.*)"}$'):gsub('\\"', '"')
    requests[#requests + 1] = {auth = auth, date = date, body = body}
  end
end

local next_request = 1

function init(args)
  load()
  next_request = math.random(1, #requests)
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "DynamoDB_20120810.GetItem",
    ["X-Amz-Date"] = r.date,
    ["Authorization"] = r.auth,
  }, r.body)
end

function response(status, headers, body)
  expect(status == 200 and body:find('"Item"', 1, true) ~= nil, status, body)
end
