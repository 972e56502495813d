/* SPDX-License-Identifier: ISC */
/*
 * The endpoints of the JSON API, one group per api_<resource>.c: what
 * each accepts (query and body fields) and its handler.  The route
 * table (route.c) binds them to methods, paths and permissions.
 * Private to the HTTP shell.
 */
#ifndef FS_HTTP_API_H
#define FS_HTTP_API_H

#include "http.h"

/* api_session.c: login, logout, who am I, code lists */
extern const struct http_endpoint fs_ep_inloggning;
extern const struct http_endpoint fs_ep_utloggning;
extern const struct http_endpoint fs_ep_jag;
extern const struct http_endpoint fs_ep_koder;
/* openapi.c */
extern const struct http_endpoint fs_ep_openapi;

/* api_forbund.c: förbund and members */
extern const struct http_endpoint fs_ep_forbund_lista;
extern const struct http_endpoint fs_ep_forbund_skapa;
extern const struct http_endpoint fs_ep_forbund_visa;
extern const struct http_endpoint fs_ep_forbund_andra;
extern const struct http_endpoint fs_ep_medlem_lista;
extern const struct http_endpoint fs_ep_medlem_in;
extern const struct http_endpoint fs_ep_medlem_ut;
extern const struct http_endpoint fs_ep_styrelse_visa;
extern const struct http_endpoint fs_ep_styrelse_uppdrag;
extern const struct http_endpoint fs_ep_styrelse_uppdrag_slut;
extern const struct http_endpoint fs_ep_styrelse_mandat;

/* api_insats.c: insatser, anonymous and count-only figures */
extern const struct http_endpoint fs_ep_insats_lista;
extern const struct http_endpoint fs_ep_insats_skapa;
extern const struct http_endpoint fs_ep_insats_visa;
extern const struct http_endpoint fs_ep_insats_andra;
extern const struct http_endpoint fs_ep_anonyma_lista;
extern const struct http_endpoint fs_ep_anonyma_ange;
extern const struct http_endpoint fs_ep_antal_lista;
extern const struct http_endpoint fs_ep_antal_ange;

/* api_deltagande.c: consent, participations, search, de-identification */
extern const struct http_endpoint fs_ep_samtycke;
extern const struct http_endpoint fs_ep_delt_lista;
extern const struct http_endpoint fs_ep_delt_registrera;
extern const struct http_endpoint fs_ep_delt_visa;
extern const struct http_endpoint fs_ep_delt_andra;
extern const struct http_endpoint fs_ep_delt_sok;
extern const struct http_endpoint fs_ep_avidentifiera;

/* api_import.c: CSV uploads */
extern const struct http_endpoint fs_ep_import_forbund;
extern const struct http_endpoint fs_ep_import_insatser;
extern const struct http_endpoint fs_ep_import_deltagande;
extern const struct http_endpoint fs_ep_import_anonyma;

/* api_rapport.c: the outcome report as JSON, CSV and SVG */
extern const struct http_endpoint fs_ep_utfall;
extern const struct http_endpoint fs_ep_utfall_csv;
extern const struct http_endpoint fs_ep_utfall_xlsx;
extern const struct http_endpoint fs_ep_utfall_html;
extern const struct http_endpoint fs_ep_utfall_svg;
/* the same in publishable form, with disclosure control */
extern const struct http_endpoint fs_ep_utfall_pub;
extern const struct http_endpoint fs_ep_utfall_pub_csv;
extern const struct http_endpoint fs_ep_utfall_pub_xlsx;
extern const struct http_endpoint fs_ep_utfall_pub_html;
extern const struct http_endpoint fs_ep_utfall_pub_svg;

/* api_tilldelning.c: the state allocation, computed or stored */
extern const struct http_endpoint fs_ep_tilldelning_berakna;
extern const struct http_endpoint fs_ep_tilldelning_berakning;

/* api_utvardering.c: linkage projects, runs, the panel and DiD */
extern const struct http_endpoint fs_ep_koppling_lista;
extern const struct http_endpoint fs_ep_koppling_skapa;
extern const struct http_endpoint fs_ep_koppling_visa;
extern const struct http_endpoint fs_ep_koppling_exportera;
extern const struct http_endpoint fs_ep_korning_skapa;
extern const struct http_endpoint fs_ep_korning_visa;
extern const struct http_endpoint fs_ep_korning_perioder;
extern const struct http_endpoint fs_ep_korning_resultat;
extern const struct http_endpoint fs_ep_korning_svg;
extern const struct http_endpoint fs_ep_utv_utfall;
extern const struct http_endpoint fs_ep_utv_panel;
extern const struct http_endpoint fs_ep_utv_panel_fm;
extern const struct http_endpoint fs_ep_utv_did;
extern const struct http_endpoint fs_ep_utv_did_panel;
extern const struct http_endpoint fs_ep_utv_resultat;
extern const struct http_endpoint fs_ep_utv_resultat_svg;
/* api_ekonomi.c: contributions, kommun split, accounts, calendar,
 * scenarios, the allocation chart */
extern const struct http_endpoint fs_ep_ek_bidrag;
extern const struct http_endpoint fs_ep_ek_kfd_lista;
extern const struct http_endpoint fs_ep_ek_kfd_satt;
extern const struct http_endpoint fs_ep_ek_visa;
extern const struct http_endpoint fs_ep_ek_utfall;
extern const struct http_endpoint fs_ep_ek_budget;
extern const struct http_endpoint fs_ep_ek_kalender;
extern const struct http_endpoint fs_ep_ek_handelse;
extern const struct http_endpoint fs_ep_scen_sammanslagning;
extern const struct http_endpoint fs_ep_scen_lamnar;
extern const struct http_endpoint fs_ep_scen_gar_med;
extern const struct http_endpoint fs_ep_tilldelning_svg;

/* api_logg.c: the audit log of a förbund */
extern const struct http_endpoint fs_ep_logg;

#endif
