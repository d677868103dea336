-- wrk script: POST /signer with a distinct, valid signature on every request.
-- ESSAIM_BENCH_CSRF is a CSRF cookie issued by the server (bench/run.sh fetches one);
-- ESSAIM_BENCH_RUN keeps emails distinct between runs against the same database.
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("ESSAIM_BENCH_CSRF")
  run = os.getenv("ESSAIM_BENCH_RUN") or "run"
  counter = 0
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "essaim_csrf=" .. token
end

function request()
  counter = counter + 1
  local email = string.format("bench-%s-%d-%d@exemple.fr", run, thread_id, counter)
  local body = "csrf=" .. token .. "&first_name=Louise&last_name=Michel&email=" .. email
    .. "&postal_code=75011&country=FR&phone=&news_optin=1"
  return wrk.format("POST", "/signer", nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
