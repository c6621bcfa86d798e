-- What the wrk workloads share (loaded first by each; a workload may define its own init):
-- per-thread random seeds, the count of unexpected answers (the first two printed), and the
-- RESULT line the benchmark scripts read (bench/lib.sh).
local errors = 0

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + (id or 0))
end

-- Counts an answer that is not what the workload expects.
function expect(ok, status, body)
  if not ok then
    errors = errors + 1
    if errors < 3 then print("ERROR " .. status .. " " .. body) end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d\n", summary.requests,
                         summary.errors.status + summary.errors.connect + summary.errors.read +
                         summary.errors.write + summary.errors.timeout, summary.errors.status))
end
