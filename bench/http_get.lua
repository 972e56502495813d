-- SPDX-License-Identifier: ISC
-- wrk script for bench/http.sh: plain GET of the URL given to wrk (the
-- outcome report or a static file), counting answers by status, and
-- printing the figures as "RESULT key value" lines for the shell script.
--   wrk ... -s bench/http_get.lua URL

local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	ok = 0
	bad = 0
	badstatus = ""
end

function response(status, headers, body)
	if status == 200 then
		ok = ok + 1
	else
		bad = bad + 1
		if #badstatus < 200 then
			badstatus = badstatus .. status .. " "
		end
	end
end

function done(summary, latency, requests)
	local okn, badn, bs = 0, 0, ""
	local s = summary.duration / 1e6
	for _, t in ipairs(threads) do
		okn = okn + t:get("ok")
		badn = badn + t:get("bad")
		bs = bs .. t:get("badstatus")
	end
	print(string.format("RESULT sekunder %.3f", s))
	print(string.format("RESULT anrop %d", summary.requests))
	print(string.format("RESULT anrop_per_s %.1f", summary.requests / s))
	print(string.format("RESULT ok %d", okn))
	print(string.format("RESULT fel_status %d", badn))
	print(string.format("RESULT fel_socket %d", summary.errors.connect +
	    summary.errors.read + summary.errors.write +
	    summary.errors.timeout))
	print(string.format("RESULT byte_per_svar %.0f",
	    summary.requests > 0 and summary.bytes / summary.requests or 0))
	print(string.format("RESULT p50_ms %.2f", latency:percentile(50) / 1000))
	print(string.format("RESULT p99_ms %.2f", latency:percentile(99) / 1000))
	print(string.format("RESULT max_ms %.2f", latency.max / 1000))
	if bs ~= "" then
		print("RESULT statuskoder " .. bs)
	end
end
