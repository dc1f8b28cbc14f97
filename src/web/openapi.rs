//! The API's routes in one table, and the OpenAPI document written from it,
//! served at `/api/v1/openapi.json`.
//!
//! [`routes`] is the only place an `/api/v1` route is declared: the router
//! takes its handlers from it and [`document`] its paths, so a route
//! cannot be served undocumented. The schemas are written here by hand,
//! next to the table; a test checks that every route answers, that the
//! document names exactly the table's routes, and that no schema is a bare
//! `object`; a snapshot holds the document still, so a change shows in
//! review.

use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};

use super::Shared;
use crate::reference::Reference;

/// One route of the API: its method and path (OpenAPI's and axum's
/// `{name}` alike), its handler, and its operation in the document.
pub(super) struct ApiRoute {
    pub(super) method: &'static str,
    pub(super) path: &'static str,
    pub(super) handler: fn() -> MethodRouter<Shared>,
    pub(super) operation: fn(&Reference) -> Value,
}

/// Every route of the API.
pub(super) fn routes() -> Vec<ApiRoute> {
    use super::{activities, assistance, portal, public};
    vec![
        ApiRoute {
            method: "get",
            path: "/api/v1/analysis",
            handler: || get(public::api_analysis),
            operation: analysis,
        },
        ApiRoute {
            method: "get",
            path: "/api/v1/articles/{number}",
            handler: || get(public::api_article),
            operation: article,
        },
        ApiRoute {
            method: "get",
            path: "/api/v1/report",
            handler: || get(public::api_report),
            operation: report,
        },
        ApiRoute {
            method: "get",
            path: "/api/v1/states/{code}/needs",
            handler: || get(portal::api_state_needs),
            operation: state_needs,
        },
        ApiRoute {
            method: "get",
            path: "/api/v1/log",
            handler: || get(portal::api_log),
            operation: log,
        },
        ApiRoute {
            method: "get",
            path: "/api/v1/search",
            handler: || get(portal::api_search),
            operation: search,
        },
        ApiRoute {
            method: "get",
            path: "/api/v1/needs",
            handler: || get(assistance::api_needs),
            operation: needs,
        },
        ApiRoute {
            method: "get",
            path: "/api/v1/assistance",
            handler: || get(assistance::api_assistance),
            operation: assistance_list,
        },
        ApiRoute {
            method: "post",
            path: "/api/v1/assistance",
            handler: || post(assistance::api_record),
            operation: record_assistance,
        },
        ApiRoute {
            method: "post",
            path: "/api/v1/iati",
            handler: || post(activities::api_import),
            operation: import_iati,
        },
        ApiRoute {
            method: "get",
            path: "/api/v1/openapi.json",
            handler: || get(public::api_openapi),
            operation: openapi,
        },
    ]
}

/// The (method, path) of every route of the table, for tests.
pub fn route_names() -> Vec<(&'static str, &'static str)> {
    routes().iter().map(|r| (r.method, r.path)).collect()
}

fn sample_parameters(reference: &Reference) -> Vec<Value> {
    let mut names: Vec<(&str, &str)> = super::sample_parameters().into_iter().collect();
    names.sort_unstable();
    names
        .into_iter()
        .map(|(name, description)| {
            let schema = match name {
                // The cycles the server takes, and no other.
                "cycle" => json!({ "type": "integer", "enum": reference.cycles() }),
                "threshold" => json!({ "type": "integer", "minimum": 0 }),
                "as_of" => json!({ "type": "string", "format": "date" }),
                _ => json!({ "type": "string" }),
            };
            json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
        })
        .collect()
}

fn refusal(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn answer(description: &str, schema: &Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn list_of(name: &str) -> Value {
    json!({ "type": "array", "items": schema(name) })
}

fn with_articles(reference: &Reference) -> Vec<Value> {
    let mut params = sample_parameters(reference);
    params.push(json!({
        "name": "articles", "in": "query", "required": false,
        "description": "Articles given a section of their own, comma-separated (default: the five with the most needs).",
        "schema": { "type": "string" }
    }));
    params
}

fn analysis(reference: &Reference) -> Value {
    json!({
        "operationId": "analysis",
        "summary": "Every count of the note for a sample: States and needs by chapter, article, regional group and type.",
        "parameters": sample_parameters(reference),
        "responses": {
            "200": answer("The analysis.", &schema("Analysis")),
            "400": refusal("The sample is not valid (unknown cycle, chapter, regional group or date).")
        }
    })
}

fn article(reference: &Reference) -> Value {
    let mut params = vec![json!({
        "name": "number", "in": "path", "required": true,
        "description": "The article's number.", "schema": { "type": "integer" }
    })];
    params.extend(sample_parameters(reference));
    json!({
        "operationId": "article",
        "summary": "One article's counts: by type, by regional group, and how many types each State named.",
        "parameters": params,
        "responses": {
            "200": answer("The article's counts.", &schema("ArticleAnswer")),
            "400": refusal("The sample is not valid."),
            "404": refusal("The article is not in the chapters analysed.")
        }
    })
}

fn report(reference: &Reference) -> Value {
    let mut params = with_articles(reference);
    params.push(json!({
        "name": "format", "in": "query", "required": false,
        "description": "json (default), tables, html or xlsx.",
        "schema": { "type": "string", "enum": ["json", "tables", "html", "xlsx"] }
    }));
    json!({
        "operationId": "report",
        "summary": "The note for a sample: paragraphs, numbered tables and figures.",
        "parameters": params,
        "responses": {
            "200": {
                "description": "The note in the format asked for.",
                "content": {
                    "application/json": { "schema": schema("Report") },
                    "application/toml": { "schema": { "type": "string", "description": "The published-tables format (data/PUBLISHED-TABLES.md)." } },
                    "text/html": { "schema": { "type": "string" } },
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } }
                }
            },
            "400": refusal("The sample, the articles or the format is not valid.")
        }
    })
}

fn state_needs(_: &Reference) -> Value {
    json!({
        "operationId": "stateNeeds",
        "summary": "A State's needs as the caller may see them: every need and its words for the secretariat and the State's focal points; for others, the needs and words of the documents the State published (and, for providers, shared).",
        "security": [{}, { "session": [] }, { "token": [] }],
        "parameters": [{ "name": "code", "in": "path", "required": true, "description": "The State's code or name.", "schema": { "type": "string" } }],
        "responses": {
            "200": answer("The needs.", &list_of("VisibleNeed")),
            "404": refusal("No such State party.")
        }
    })
}

fn log(_: &Reference) -> Value {
    json!({
        "operationId": "log",
        "summary": "The log of changes, newest first: who, when, before and after. The secretariat's alone.",
        "security": [{ "session": [] }, { "token": [] }],
        "responses": {
            "200": answer("The log.", &list_of("LogEntry")),
            "401": refusal("Not signed in."),
            "403": refusal("Not the secretariat.")
        }
    })
}

fn search(_: &Reference) -> Value {
    json!({
        "operationId": "search",
        "summary": "The needs' words, challenges and good practices matching words, among those the caller may read; at most 50.",
        "security": [{}, { "session": [] }, { "token": [] }],
        "parameters": [{ "name": "q", "in": "query", "required": true, "description": "The words to look for (at most 200 characters).", "schema": { "type": "string", "minLength": 1, "maxLength": 200 } }],
        "responses": {
            "200": answer("What was found.", &list_of("Hit")),
            "400": refusal("No words, or too many.")
        }
    })
}

fn needs(_: &Reference) -> Value {
    json!({
        "operationId": "needs",
        "summary": "The needs across States parties that the caller may read (what States published, what they share with providers, or all for the secretariat and a State's own focal points), filtered.",
        "security": [{}, { "session": [] }, { "token": [] }],
        "parameters": [
            { "name": "article", "in": "query", "schema": { "type": "integer" }, "description": "One article; 0 for needs tied to no article." },
            { "name": "type", "in": "query", "schema": { "type": "string" }, "description": "A type of need, by code." },
            { "name": "region", "in": "query", "schema": { "type": "string" }, "description": "A regional group, by code." },
            { "name": "open", "in": "query", "schema": { "type": "string" }, "description": "Any value: only needs nobody addresses yet." }
        ],
        "responses": {
            "200": answer("The needs.", &list_of("ListedNeed")),
            "400": refusal("A filter names no article, type or regional group.")
        }
    })
}

fn assistance_list(_: &Reference) -> Value {
    json!({
        "operationId": "assistance",
        "summary": "The assistance recorded against needs that the caller may read: a provider's own, a focal point's State's, all of it for the secretariat; newest first.",
        "security": [{ "session": [] }, { "token": [] }],
        "responses": {
            "200": answer("The assistance.", &list_of("Assistance")),
            "401": refusal("Not signed in.")
        }
    })
}

fn record_assistance(_: &Reference) -> Value {
    json!({
        "operationId": "recordAssistance",
        "summary": "Records assistance a provider gives against a need it may read; the need then counts as being addressed. API tokens only, not session cookies.",
        "security": [{ "token": [] }],
        "requestBody": {
            "required": true,
            "content": { "application/json": { "schema": schema("AssistanceRequest") } }
        },
        "responses": {
            "201": answer("Recorded.", &json!({ "type": "object", "required": ["id"], "additionalProperties": false, "properties": { "id": { "type": "integer" } } })),
            "400": refusal("A field is missing or wrong, or the need is not one the caller may read."),
            "401": refusal("No API token, or an unknown one."),
            "403": refusal("Not a provider, donor or the secretariat."),
            "404": refusal("No such State party."),
            "413": refusal("The body is larger than 64 KB."),
            "503": refusal("Another process is writing the workspace: try again after Retry-After seconds.")
        }
    })
}

fn import_iati(_: &Reference) -> Value {
    json!({
        "operationId": "importIati",
        "summary": "Keeps the activities of an IATI activity file (2.01 to 2.03, XML) as assistance of their recipient States, by IATI identifier: sent again, or newer, they are updated, never duplicated. A provider's activities are its own. Activities with no governance sector are left out unless all_sectors is given. API tokens only.",
        "security": [{ "token": [] }],
        "parameters": [{ "name": "all_sectors", "in": "query", "required": false, "schema": { "type": "string" }, "description": "Any value: keep activities of every sector." }],
        "requestBody": {
            "required": true,
            "content": { "application/xml": { "schema": { "type": "string" } } }
        },
        "responses": {
            "200": answer("Kept: what was added, updated, unchanged and left out.", &json!({
                "type": "object",
                "required": ["activities_read", "summary", "kept_out_no_governance_sector", "warnings"],
                "additionalProperties": false,
                "properties": {
                    "activities_read": { "type": "integer" },
                    "summary": {
                        "type": "object",
                        "required": ["added", "updated", "unchanged", "older"],
                        "additionalProperties": false,
                        "properties": {
                            "added": { "type": "integer" },
                            "updated": { "type": "integer" },
                            "unchanged": { "type": "integer" },
                            "older": { "type": "integer", "description": "Given in a version older than the one kept, which stays." }
                        }
                    },
                    "kept_out_no_governance_sector": { "type": "array", "items": { "type": "string" }, "description": "IATI identifiers." },
                    "warnings": { "type": "array", "items": { "type": "string" } }
                }
            })),
            "400": refusal("The body is no IATI activity file, or breaks a rule: every line, element and rule; nothing was kept."),
            "401": refusal("No API token, or an unknown one."),
            "403": refusal("Not a provider, donor or the secretariat."),
            "413": refusal("The body is too large."),
            "503": refusal("Another process is writing the workspace: try again after Retry-After seconds.")
        }
    })
}

fn openapi(_: &Reference) -> Value {
    json!({
        "operationId": "openapi",
        "summary": "This document.",
        "responses": { "200": answer("The OpenAPI document.", &schema("OpenApi")) }
    })
}

/// The document, written from [`routes`].
pub fn document(reference: &Reference) -> Value {
    let mut paths = serde_json::Map::new();
    for r in routes() {
        let entry = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        entry[r.method] = (r.operation)(reference);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "tana",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Technical assistance needs identified in the country reviews: aggregates for any sample of reviews, the note written from them, and a State's records as the caller may read them. Every refusal is JSON: {\"error\": why}."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "tana_session", "description": "The session cookie set by POST /login." },
                "token": { "type": "http", "scheme": "bearer", "description": "An API token made by `tana user token NAME`." }
            },
            "schemas": schemas()
        }
    })
}

fn count() -> Value {
    schema("Count")
}

fn counts() -> Value {
    json!({ "type": "array", "items": count() })
}

fn integers() -> Value {
    json!({ "type": "array", "items": { "type": "integer" } })
}

fn strings() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn need_fields() -> serde_json::Map<String, Value> {
    json!({
        "cycle": { "type": "integer" },
        "article": { "type": "integer", "description": "0: tied to no article." },
        "type": { "type": "string" },
        "type_label": { "type": "string" },
        "sources": { "type": "array", "items": { "type": "string", "enum": ["self_assessment", "country_report", "executive_summary"] }, "description": "The documents, among those the caller may read, that name the need." },
        "addressed": { "type": "boolean" },
        "texts": list_of("VisibleText")
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

fn schemas() -> Value {
    let mut listed = need_fields();
    listed.insert("state".into(), json!({ "type": "string" }));
    listed.insert("state_name".into(), json!({ "type": "string" }));
    listed.insert("region".into(), json!({ "type": ["string", "null"] }));
    json!({
        "VisibleNeed": { "type": "object", "properties": need_fields() },
        "VisibleText": {
            "type": "object",
            "properties": {
                "source": { "type": ["string", "null"], "description": "The document the words come from; null when none is recorded (read by the secretariat and the State's focal points only)." },
                "paragraph": { "type": "string" },
                "text": { "type": "string" },
                "addressed_by": { "type": "string" }
            }
        },
        "ListedNeed": {
            "type": "object",
            "description": "A need, with its State party.",
            "properties": listed
        },
        "Hit": {
            "type": "object",
            "properties": {
                "kind": { "type": "string", "enum": ["need", "challenge", "good_practice"] },
                "state": { "type": "string" },
                "cycle": { "type": "integer" },
                "article": { "type": "integer" },
                "code": { "type": "string", "description": "The need's type, or the challenge's category." },
                "source": { "type": ["string", "null"] },
                "text": { "type": "string" }
            }
        },
        "AssistanceRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": ["state", "cycle", "article", "type", "title", "status"],
            "properties": {
                "state": { "type": "string", "description": "The State party, by code or name." },
                "cycle": { "type": "integer" },
                "article": { "type": "integer", "description": "0: a need tied to no article." },
                "type": { "type": "string", "description": "The type of need, by code." },
                "title": { "type": "string", "maxLength": 200 },
                "status": { "type": "string", "enum": ["planned", "ongoing", "completed"] },
                "starts": { "type": ["string", "null"], "format": "date" },
                "ends": { "type": ["string", "null"], "format": "date" }
            }
        },
        "Assistance": {
            "type": "object",
            "properties": {
                "id": { "type": "integer" },
                "at": { "type": "integer", "description": "When it was recorded, in seconds since 1970-01-01 UTC." },
                "provider": { "type": "string", "description": "The account that recorded it." },
                "need": {
                    "type": "object",
                    "properties": {
                        "state": { "type": "string" },
                        "cycle": { "type": "integer" },
                        "article": { "type": "integer" },
                        "need_type": { "type": "string" }
                    }
                },
                "title": { "type": "string" },
                "status": { "type": "string", "enum": ["planned", "ongoing", "completed"] },
                "starts": { "type": ["string", "null"], "format": "date" },
                "ends": { "type": ["string", "null"], "format": "date" },
                "need_was_addressed": { "type": "boolean", "description": "Whether the need was addressed before this record." },
                "iati_identifier": { "type": ["string", "null"], "description": "The IATI activity, when this is an accepted link of one." }
            }
        },
        "LogEntry": {
            "type": "object",
            "properties": {
                "at": { "type": "integer", "description": "Seconds since 1970-01-01 UTC." },
                "who": { "type": "string" },
                "action": { "type": "string" },
                "before": { "type": "string" },
                "after": { "type": "string" }
            }
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": { "error": { "type": "string", "description": "Why the request was refused." } }
        },
        "Count": {
            "type": "object",
            "properties": { "states": { "type": "integer" }, "needs": { "type": "integer" } }
        },
        "Scope": {
            "type": "object",
            "description": "A chapter's counts (or, with chapter null, every chapter's).",
            "properties": {
                "chapter": { "type": ["string", "null"] },
                "articles": integers(),
                "total": count(),
                "by_region": counts(),
                "by_type": counts(),
                "by_region_type": { "type": "array", "items": counts() }
            }
        },
        "ArticleCounts": {
            "type": "object",
            "properties": {
                "article": { "type": "integer" },
                "chapter": { "type": "string" },
                "title": { "type": "string" },
                "total": count(),
                "by_type": { "type": "array", "items": { "type": "integer" }, "description": "States per type, in the order of the analysis' types." },
                "by_region": counts(),
                "types_per_state": { "type": "array", "items": { "type": "integer" }, "description": "At position k, the States that named k + 1 types." },
                "challenges": { "type": "integer" },
                "addressed": { "type": "integer" }
            }
        },
        "ArticleAnswer": {
            "type": "object",
            "properties": {
                "article": schema("ArticleCounts"),
                "regions": strings(),
                "types": strings()
            }
        },
        "GeneralNeeds": {
            "type": "object",
            "description": "Needs tied to no article.",
            "properties": { "total": count(), "by_type": integers(), "by_region": counts() }
        },
        "ChallengeRow": {
            "type": "object",
            "properties": {
                "article": { "type": "integer" },
                "challenges": { "type": "integer" },
                "needs": { "type": "integer" },
                "correlation": { "type": "string", "enum": ["both", "challenges_only", "needs_only", "neither"] }
            }
        },
        "Analysis": {
            "type": "object",
            "properties": {
                "instrument": { "type": "string" },
                "cycle": { "type": "integer" },
                "chapters": strings(),
                "as_of": { "type": ["string", "null"], "format": "date" },
                "regions": strings(),
                "types": strings(),
                "states_covered": { "type": "integer" },
                "covered_by_region": integers(),
                "scopes": list_of("Scope"),
                "articles": list_of("ArticleCounts"),
                "general": schema("GeneralNeeds"),
                "addressed": { "type": "integer" },
                "challenge_threshold": { "type": "integer" },
                "challenges_against_needs": list_of("ChallengeRow")
            }
        },
        "Exhibit": {
            "type": "object",
            "properties": {
                "label": { "type": "string" },
                "id": { "type": "string" },
                "caption": { "type": "string" },
                "description": { "type": "string" },
                "chart": { "type": ["string", "null"] },
                "key_header": { "type": "string" },
                "columns": strings(),
                "rows": { "type": "array", "items": { "type": "object", "properties": { "label": { "type": "string" }, "values": integers() } } },
                "total": { "type": ["array", "null"], "items": { "type": "integer" } },
                "note": { "type": ["string", "null"] }
            }
        },
        "Block": {
            "type": "object",
            "description": "A heading, a numbered paragraph, a list, or an exhibit (whose fields are then the block's).",
            "required": ["kind"],
            "properties": {
                "kind": { "type": "string", "enum": ["heading", "paragraph", "list", "exhibit"] },
                "level": { "type": "integer" },
                "number": { "type": "integer" },
                "text": { "type": "string" },
                "items": strings()
            }
        },
        "Report": {
            "type": "object",
            "properties": {
                "title": { "type": "string" },
                "sample": { "type": "string" },
                "blocks": list_of("Block")
            }
        },
        "OpenApi": {
            "type": "object",
            "description": "An OpenAPI 3.1 document.",
            "required": ["openapi", "info", "paths"],
            "properties": {
                "openapi": { "type": "string" },
                "info": { "type": "object", "properties": { "title": { "type": "string" }, "version": { "type": "string" } } },
                "paths": { "type": "object", "additionalProperties": { "type": "object", "properties": {} } },
                "components": { "type": "object", "properties": { "schemas": { "type": "object", "properties": {} } } }
            }
        }
    })
}
