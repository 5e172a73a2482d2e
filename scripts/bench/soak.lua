-- The request mix of scripts/bench/soak.sh: random URLs over every practice, country,
-- list filter and benchmark query, in five languages. Reads slugs.txt, countries.txt,
-- queries.txt and filters.txt (query strings) from the working directory. `done`
-- prints "statuses 200=123 503=4 ..." and "errors connect=0 ...".
local langs = {"en", "fr", "de", "ru", "es"}
local threads = {}
local lists = {}
counts = {}

local function read(name)
  local lines = {}
  for line in io.lines(name) do table.insert(lines, line) end
  return lines
end

local function pick(list) return list[math.random(#list)] end

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  counts = {}
  for _, name in ipairs({"slugs", "countries", "queries", "filters"}) do
    lists[name] = read(name .. ".txt")
  end
end

-- Browsers take gzip; so do half of the API clients.
local browser = {["Accept-Encoding"] = "gzip, deflate, br"}
local api_gzip = {["Accept"] = "application/json", ["Accept-Encoding"] = "gzip"}
local api_plain = {["Accept"] = "application/json"}

local function with(path, query)
  if query == "" then return path end
  return path .. "?" .. query
end

function request()
  local r = math.random()
  local lang = pick(langs)
  local api = (math.random() < 0.5) and api_gzip or api_plain
  if r < 0.30 then
    return wrk.format("GET", "/" .. lang .. "/practices/" .. pick(lists.slugs), browser)
  elseif r < 0.45 then
    return wrk.format("GET", "/api/v1/practices/" .. pick(lists.slugs), api)
  elseif r < 0.53 then
    return wrk.format("GET", "/" .. lang .. "/countries/" .. pick(lists.countries), browser)
  elseif r < 0.55 then
    return wrk.format("GET", "/" .. lang .. "/countries", browser)
  elseif r < 0.68 then
    return wrk.format("GET", with("/" .. lang .. "/practices", pick(lists.filters)), browser)
  elseif r < 0.84 then
    return wrk.format("GET", with("/" .. lang .. "/practices", pick(lists.queries)), browser)
  else
    return wrk.format("GET", "/api/v1/practices?facets=true&lang=" .. lang .. "&" .. pick(lists.queries), api)
  end
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for s, k in pairs(c) do total[s] = (total[s] or 0) + k end
  end
  local keys = {}
  for s in pairs(total) do table.insert(keys, s) end
  table.sort(keys)
  local out = {}
  for _, s in ipairs(keys) do table.insert(out, s .. "=" .. total[s]) end
  io.write("statuses " .. table.concat(out, " ") .. "\n")
  io.write(string.format("errors connect=%d read=%d write=%d timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
