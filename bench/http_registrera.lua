-- SPDX-License-Identifier: ISC
-- wrk script for bench/http.sh: participant registrations through the
-- API, each request for a new person.  Consent comes first
-- (POST /insatser/{id}/samtycken), then the registration
-- (POST /insatser/{id}/deltaganden) of the same person, once the
-- consent has been answered 201.
--
--   wrk ... -s bench/http_registrera.lua URL -- MODE BASE INSATS DATUM \
--       TRADAR STATEFILE
--
-- MODE blandat:    consent and registration on the same connections: a
--                  thread sends the registration of person n only after
--                  the consent of n came back 201 (the consent's
--                  "formular" carries the person's index and is echoed).
-- MODE samtycke:   consents only; done() writes, per thread, the
--                  persons whose consent was answered 201 to STATEFILE
--                  (a set, not a count: wrk may drop a request it built
--                  when a connection is set up again).
-- MODE deltagande: registrations only, of the persons consented by a
--                  samtycke run with the same BASE and TRADAR (read from
--                  STATEFILE); if they run out, the thread falls back to
--                  blandat and counts that.
--
-- Person n (BASE + thread + TRADAR * k) gets a personnummer born on day
-- n / 20 after 1915-01-01 with födelsenummer 980 + n % 20 (Skatteverket's
-- test series), and a Luhn check digit (past 1950-12-31 the same dates
-- again as samordningsnummer, day + 60): valid, never a real person, and
-- never one of the generated data set (born 1951 or later), so no
-- registration collides with an open participation.

local threads = {}
local nthreads = 0

function setup(thread)
	thread:set("tid", nthreads)
	nthreads = nthreads + 1
	table.insert(threads, thread)
end

-- Days since 1970-01-01 to year, month, day (proleptic Gregorian).
local function civil(z)
	z = z + 719468
	local era = math.floor(z / 146097)
	local doe = z - era * 146097
	local yoe = math.floor((doe - math.floor(doe / 1460) +
	    math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
	local y = yoe + era * 400
	local doy = doe - (365 * yoe + math.floor(yoe / 4) -
	    math.floor(yoe / 100))
	local mp = math.floor((5 * doy + 2) / 153)
	local d = doy - math.floor((153 * mp + 2) / 5) + 1
	local m = mp < 10 and mp + 3 or mp - 9
	if m <= 2 then
		y = y + 1
	end
	return y, m, d
end

local DAY0 = -20089		-- 1915-01-01
local LASTDAY = -6941		-- 1950-12-31

local function luhn(s)
	local sum = 0
	for i = 1, #s do
		local d = s:byte(i) - 48
		if i % 2 == 1 then
			d = d * 2
			if d > 9 then
				d = d - 9
			end
		end
		sum = sum + d
	end
	return (10 - sum % 10) % 10
end

local NDAYS = LASTDAY - DAY0 + 1

local function pnr(n)
	local day = math.floor(n / 20)
	local samord = 0
	if day >= NDAYS then
		-- the same dates again as samordningsnummer (day + 60)
		day = day - NDAYS
		samord = 60
	end
	if day >= NDAYS then
		error("personnumren räcker inte: index " .. n)
	end
	local y, m, d = civil(DAY0 + day)
	d = d + samord
	local ten = string.format("%02d%02d%02d%03d", y % 100, m, d,
	    980 + n % 20)
	return string.format("%04d%02d%02d%03d%d", y, m, d, 980 + n % 20,
	    luhn(ten))
end

function init(args)
	mode = args[1]
	base = tonumber(args[2])
	insats = args[3]
	datum = args[4]
	tradar = tonumber(args[5])
	statefile = args[6]
	if mode ~= "blandat" and mode ~= "samtycke" and
	    mode ~= "deltagande" then
		error("MODE: blandat, samtycke eller deltagande")
	end
	path_s = "/api/v1/insatser/" .. insats .. "/samtycken"
	path_d = "/api/v1/insatser/" .. insats .. "/deltaganden"
	-- wrk.format() takes these instead of wrk.headers (the cookie and
	-- the CSRF token from the command line), so copy those in
	hdr = { ["Content-Type"] = "application/json" }
	for name, v in pairs(wrk.headers) do
		hdr[name] = v
	end
	k = 0		-- next new person of this thread
	ready = {}	-- consented, not yet registered (blandat)
	nready = 0
	conf = {}	-- samtycke: the persons answered 201
	nconf = 0
	todo = {}	-- deltagande: the consented persons, from STATEFILE
	ntodo = 0
	next_todo = 1
	regs = 0
	cons = 0
	bad = 0
	badbody = ""
	fallback = 0
	if mode == "deltagande" then
		local f = assert(io.open(statefile, "r"))
		local i = 0
		local maxj = -1
		for line in f:lines() do
			if i == tid then
				for w in line:gmatch("%d+") do
					ntodo = ntodo + 1
					todo[ntodo] = tonumber(w)
					if todo[ntodo] > maxj then
						maxj = todo[ntodo]
					end
				end
			end
			i = i + 1
		end
		f:close()
		-- new persons, if any, start well past those sent before
		k = maxj + 1000
	end
end

local function idx(j)
	return base + tid + tradar * j
end

local function consent(j)
	return wrk.format("POST", path_s, hdr, string.format(
	    '{"personnummer":"%s","datum":"%s","formular":"bench-%d"}',
	    pnr(idx(j)), datum, j))
end

local function register(j)
	return wrk.format("POST", path_d, hdr, string.format(
	    '{"personnummer":"%s","startdatum":"%s",' ..
	    '"utbildning":"gymnasium","offentlig_forsorjning_tid":"1_3",' ..
	    '"forsorjning_fore":["a_kassa"],"arbete_fore":0,' ..
	    '"studier_fore":0,"arbetssokande_fore":true}',
	    pnr(idx(j)), datum))
end

function request()
	local j
	if mode == "deltagande" and next_todo <= ntodo then
		j = todo[next_todo]
		next_todo = next_todo + 1
		return register(j)
	end
	if mode == "deltagande" then
		-- no consented persons left: new persons, consent first
		mode = "blandat"
		fallback = 1
	end
	if mode == "blandat" and nready > 0 then
		j = ready[nready]
		ready[nready] = nil
		nready = nready - 1
		return register(j)
	end
	j = k
	k = k + 1
	return consent(j)
end

function response(status, headers, body)
	if status ~= 201 then
		bad = bad + 1
		if #badbody < 600 then
			badbody = badbody .. status .. " " ..
			    body:sub(1, 200) .. "\n"
		end
		return
	end
	local j = body:match('"formular":%s*"bench%-(%d+)"')
	if j == nil then
		regs = regs + 1
		return
	end
	cons = cons + 1
	j = tonumber(j)
	if mode == "blandat" then
		nready = nready + 1
		ready[nready] = j
	else
		nconf = nconf + 1
		conf[nconf] = j
	end
end

function done(summary, latency, requests)
	local r, c, b, fb, bb, nx = 0, 0, 0, 0, "", 0
	local s = summary.duration / 1e6
	local f
	for _, t in ipairs(threads) do
		r = r + t:get("regs")
		c = c + t:get("cons")
		b = b + t:get("bad")
		fb = fb + t:get("fallback")
		bb = bb .. t:get("badbody")
		local x = t:get("base") + t:get("tid") +
		    t:get("tradar") * (t:get("k") + 1)
		if x > nx then
			nx = x
		end
	end
	if threads[1]:get("mode") == "samtycke" then
		f = assert(io.open(threads[1]:get("statefile"), "w"))
		for _, t in ipairs(threads) do
			f:write(table.concat(t:get("conf"), " "), "\n")
		end
		f:close()
	end
	print(string.format("RESULT sekunder %.3f", s))
	print(string.format("RESULT anrop %d", summary.requests))
	print(string.format("RESULT anrop_per_s %.1f", summary.requests / s))
	print(string.format("RESULT registreringar %d", r))
	print(string.format("RESULT registreringar_per_s %.1f", r / s))
	print(string.format("RESULT samtycken %d", c))
	print(string.format("RESULT samtycken_per_s %.1f", c / s))
	print(string.format("RESULT fel_status %d", b))
	print(string.format("RESULT fel_socket %d", summary.errors.connect +
	    summary.errors.read + summary.errors.write +
	    summary.errors.timeout))
	print(string.format("RESULT nasta_index %d", nx))
	print(string.format("RESULT tradar_utan_forberett_samtycke %d", fb))
	print(string.format("RESULT p50_ms %.2f", latency:percentile(50) / 1000))
	print(string.format("RESULT p90_ms %.2f", latency:percentile(90) / 1000))
	print(string.format("RESULT p99_ms %.2f", latency:percentile(99) / 1000))
	print(string.format("RESULT max_ms %.2f", latency.max / 1000))
	if bb ~= "" then
		io.write("FELSVAR\n" .. bb)
	end
end
