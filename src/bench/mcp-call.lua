-- wrk script: MCP tools/call over Streamable HTTP, one tool with fixed arguments, fresh JSON-RPC ids.
-- Adapted from ../shared/bench/mcp-peer/mcp-call.lua (the reference's driver), so that both servers are driven
-- by the same requests. Environment:
--   MCP_TOOL     tool name (default get_session)
--   MCP_ARGS     the tool's arguments as a JSON object (default {})
--   MCP_EXPECT   text every good answer contains (default: none, any 200 counts)
--   MCP_SESSION  an initialized session id (load.sh opens one with curl); without it each wrk thread opens its
--                own session in-band with initialize, as the reference's script does
--   TOKEN        bearer token (optional)
--   MCP_PROTOCOL the Mcp-Protocol-Version header (default 2025-06-18, which both servers speak)
-- done() prints one line "MCP_LOAD {json}" with requests, seconds, calls/s, p50/p99 in ms and error counts.
local tool = os.getenv("MCP_TOOL") or "get_session"
local args = os.getenv("MCP_ARGS") or "{}"
local expect = os.getenv("MCP_EXPECT")
local protocol = os.getenv("MCP_PROTOCOL") or "2025-06-18"
local token = os.getenv("TOKEN")

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

sid, id, bad, good, first_bad = os.getenv("MCP_SESSION"), 0, 0, 0, nil

local function headers(with_session)
  local h = { ["Content-Type"] = "application/json", ["Accept"] = "application/json, text/event-stream",
              ["Mcp-Protocol-Version"] = protocol }
  if token then h["Authorization"] = "Bearer " .. token end
  if with_session then h["Mcp-Session-Id"] = sid end
  return h
end

request = function()
  id = id + 1
  if not sid then
    return wrk.format("POST", wrk.path, headers(false), '{"jsonrpc":"2.0","id":' .. id ..
      ',"method":"initialize","params":{"protocolVersion":"' .. protocol ..
      '","capabilities":{},"clientInfo":{"name":"wrk","version":"1"}}}')
  end
  return wrk.format("POST", wrk.path, headers(true), '{"jsonrpc":"2.0","id":' .. id ..
    ',"method":"tools/call","params":{"name":"' .. tool .. '","arguments":' .. args .. '}}')
end

response = function(status, hdrs, body)
  if not sid then
    sid = hdrs["mcp-session-id"] or hdrs["Mcp-Session-Id"]
    return
  end
  local ok = status == 200 and not string.find(body, '"isError":true', 1, true)
    and (expect == nil or string.find(body, expect, 1, true) ~= nil)
  if ok then
    good = good + 1
  else
    bad = bad + 1
    if not first_bad then first_bad = status .. " " .. string.sub(body, 1, 300) end
  end
end

done = function(summary, latency, requests)
  local bad_total, good_total, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    bad_total = bad_total + (t:get("bad") or 0)
    good_total = good_total + (t:get("good") or 0)
    if sample == "" and t:get("first_bad") then sample = t:get("first_bad") end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  sample = string.gsub(string.gsub(sample, '\\', '\\\\'), '"', '\\"')
  sample = string.gsub(sample, '[%c]', ' ')
  io.write(string.format('MCP_LOAD {"tool":"%s","requests":%d,"good":%d,"bad":%d,"seconds":%.3f,' ..
    '"calls_per_s":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"non_2xx":%d,"first_bad":"%s"}\n',
    tool, summary.requests, good_total, bad_total, seconds, good_total / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status, sample))
end
