-- wrk workload: GetItem requests signed in advance (bench/presign.py), replayed in turn by
-- every connection. The same requests are sent to a server with --auth none (which ignores
-- the signatures) and one with --auth sigv4 (which verifies every one).
--   BENCH_REQUESTS  the file presign.py wrote
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
local errors = 0

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
  if status ~= 200 or not body:find('"Item"', 1, true) then
    errors = errors + 1
    if errors < 3 then print("ERROR " .. status .. " " .. body) end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d\n", summary.requests,
                         summary.errors.status + summary.errors.connect + summary.errors.read +
                         summary.errors.write + summary.errors.timeout, summary.errors.status))
end
