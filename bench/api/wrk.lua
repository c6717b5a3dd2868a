-- wrk script for bench/api/run.sh.
-- BENCH_TOKEN: sent as `Authorization: Bearer`.
-- BENCH_BODY_PREFIX: when set, every request is a POST of a distinct activity
--   entry (the text names the run, the wrk thread and a counter).
-- Prints one line `RESULT requests duration_us p50_us p99_us non_2xx socket_errors`.

local token = os.getenv("BENCH_TOKEN")
local body_prefix = os.getenv("BENCH_BODY_PREFIX")

local threads_started = 0
function setup(thread)
    threads_started = threads_started + 1
    thread:set("thread_number", threads_started)
end

function init(args)
    if token and token ~= "" then
        wrk.headers["Authorization"] = "Bearer " .. token
    end
    if body_prefix and body_prefix ~= "" then
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
    end
end

if body_prefix and body_prefix ~= "" then
    local counter = 0
    function request()
        counter = counter + 1
        local body = string.format(
            '{"kind":"meeting","minutes":30,"text":"%s entry %d-%d"}',
            body_prefix, thread_number or 0, counter)
        return wrk.format(nil, nil, nil, body)
    end
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %d %d %d %d %d %d\n",
        summary.requests, summary.duration,
        latency:percentile(50), latency:percentile(99),
        e.status, e.connect + e.read + e.write + e.timeout))
end
