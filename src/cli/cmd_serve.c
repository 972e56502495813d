/* SPDX-License-Identifier: ISC */
/*
 * finsam serve: the web application.  Parses the options into the
 * server's configuration (src/http/serve.h) and runs the server until
 * SIGTERM or SIGINT; exit 0 after a clean shutdown.
 */
#include "compat.h"

#include <getopt.h>
#include <stdint.h>
#include <string.h>

#include "cli.h"
#include "finsam/err.h"
#include "finsam/parse.h"
#include "finsam/user.h"
#include "serve.h"

static const char usage_text[] =
    "användning: finsam serve [--db FIL] [--listen ADRESS:PORT]\n"
    "           [--tradar N] [--max-anslutningar N] [--max-per-adress N]\n"
    "           [--tidsgrans SEKUNDER] [--max-kropp BYTE]\n"
    "           [--max-uppladdning BYTE] [--secure-cookies]\n"
    "           [--betrodd-proxy ADRESS] [--port-fil FIL]\n"
    "           [--session-kontroll SEKUNDER] [--utan-atkomstlogg]\n"
    "\n"
    "Startar webbprogrammet: JSON-API under /api/v1/ och webbgränssnittet.\n"
    "Stängs med SIGTERM eller SIGINT: pågående förfrågningar får bli\n"
    "klara, databasen stängs och programmet avslutas med 0.\n"
    "\n"
    "  --listen            adress och port (standard 127.0.0.1:8080;\n"
    "                      port 0 = valfri ledig port)\n"
    "  --tradar            arbetstrådar (standard 2)\n"
    "  --max-anslutningar  samtidiga anslutningar (standard 512)\n"
    "  --max-per-adress    anslutningar från en adress (standard 128)\n"
    "  --tidsgrans         sekunder innan en tyst anslutning stängs (30)\n"
    "  --max-kropp         största JSON-kropp i byte (1 MiB)\n"
    "  --max-uppladdning   största CSV-uppladdning i byte (64 MiB)\n"
    "  --secure-cookies    sessionskakan får Secure (bakom TLS)\n"
    "  --betrodd-proxy     den omvända proxyns adress: för förfrågningar\n"
    "                      därifrån är klienten sista adressen i\n"
    "                      X-Forwarded-For\n"
    "  --port-fil          skriv porten servern lyssnar på till FIL\n"
    "  --session-kontroll  en session som kontrollerats mot databasen\n"
    "                      så här nyligen godtas utan ny läsning\n"
    "                      (standard 2; 0 = läs vid varje förfrågan)\n"
    "  --utan-atkomstlogg  ingen rad per förfrågan på standard fel\n";

static int
num(const char *arg, const char *name, int64_t lo, int64_t hi, int64_t *out)
{
	struct fs_err err = FS_ERR_INIT;

	if (fs_parse_i64(arg, strlen(arg), lo, hi, out, name, &err) != FS_OK)
		return fs_cli_fail(&err);
	return FS_EXIT_OK;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "tradar", required_argument, NULL, 't' },
		{ "max-anslutningar", required_argument, NULL, 'c' },
		{ "max-per-adress", required_argument, NULL, 'i' },
		{ "tidsgrans", required_argument, NULL, 'o' },
		{ "max-kropp", required_argument, NULL, 'b' },
		{ "max-uppladdning", required_argument, NULL, 'u' },
		{ "secure-cookies", no_argument, NULL, 's' },
		{ "port-fil", required_argument, NULL, 'p' },
		{ "betrodd-proxy", required_argument, NULL, 'x' },
		{ "utan-atkomstlogg", no_argument, NULL, 'q' },
		{ "session-kontroll", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fs_http_config cfg;
	struct fs_err err = FS_ERR_INIT;
	const char *dbopt = NULL;
	int64_t v;
	int c, ret;

	fs_http_config_init(&cfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		ret = FS_EXIT_OK;
		switch (c) {
		case 'd':
			dbopt = optarg;
			break;
		case 'l':
			cfg.listen = optarg;
			break;
		case 't':
			ret = num(optarg, "tradar", 1, 256, &v);
			cfg.threads = (unsigned)v;
			break;
		case 'c':
			ret = num(optarg, "max-anslutningar", 1, 100000, &v);
			cfg.max_conn = (unsigned)v;
			break;
		case 'i':
			ret = num(optarg, "max-per-adress", 1, 100000, &v);
			cfg.max_per_ip = (unsigned)v;
			break;
		case 'o':
			ret = num(optarg, "tidsgrans", 1, 3600, &v);
			cfg.timeout_s = (unsigned)v;
			break;
		case 'b':
			ret = num(optarg, "max-kropp", 1024, INT32_MAX, &v);
			cfg.body_max = (size_t)v;
			break;
		case 'u':
			ret = num(optarg, "max-uppladdning", 1024, INT64_MAX / 2,
			    &v);
			cfg.upload_max = (size_t)v;
			break;
		case 's':
			cfg.secure_cookies = true;
			break;
		case 'p':
			cfg.port_file = optarg;
			break;
		case 'q':
			cfg.access_log = false;
			break;
		case 'x':
			cfg.trusted_proxy = optarg;
			break;
		case 'k':
			ret = num(optarg, "session-kontroll", 0,
			    FS_SESSION_CACHE_MAX, &v);
			cfg.session_check_s = (unsigned)v;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return FS_EXIT_OK;
		default:
			fputs(usage_text, stderr);
			return FS_EXIT_INPUT;
		}
		if (ret != FS_EXIT_OK)
			return ret;
	}
	if (optind != argc)
		return fs_cli_usage_error(usage_text, "okänt argument '%s'",
		    argv[optind]);
	cfg.db_path = fs_cli_db_path(dbopt);
	if (fs_http_serve(&cfg, &err) != FS_OK)
		return fs_cli_fail(&err);
	return FS_EXIT_OK;
}
