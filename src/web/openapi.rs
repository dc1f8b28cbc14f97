//! The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`.
//!
//! Written here by hand, next to the routes it describes; a snapshot test
//! holds it still, so a change to the API shows in review.

use serde_json::{Value, json};

fn sample_parameters() -> Vec<Value> {
    let mut names: Vec<(&str, &str)> = super::sample_parameters().into_iter().collect();
    names.sort_unstable();
    names
        .into_iter()
        .map(|(name, description)| {
            let schema = match name {
                "cycle" | "threshold" => json!({ "type": "integer", "minimum": 0 }),
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

/// The document.
pub fn document() -> Value {
    let params = sample_parameters();
    let mut with_articles = params.clone();
    with_articles.push(json!({
        "name": "articles", "in": "query", "required": false,
        "description": "Articles given a section of their own, comma-separated (default: the five with the most needs).",
        "schema": { "type": "string" }
    }));
    let mut report_params = with_articles.clone();
    report_params.push(json!({
        "name": "format", "in": "query", "required": false,
        "description": "json (default), tables, html or xlsx.",
        "schema": { "type": "string", "enum": ["json", "tables", "html", "xlsx"] }
    }));
    let mut article_params = vec![json!({
        "name": "number", "in": "path", "required": true,
        "description": "The article's number.", "schema": { "type": "integer" }
    })];
    article_params.extend(params.clone());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "tana",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Technical assistance needs identified in the country reviews: aggregates for any sample of reviews, and the note written from them. Every answer is an aggregate over all records; none shows a State's record."
        },
        "paths": {
            "/api/v1/analysis": {
                "get": {
                    "operationId": "analysis",
                    "summary": "Every count of the note for a sample: States and needs by chapter, article, regional group and type.",
                    "parameters": params,
                    "responses": {
                        "200": { "description": "The analysis.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Analysis" } } } },
                        "400": refusal("The sample is not valid (unknown chapter, regional group or date).")
                    }
                }
            },
            "/api/v1/articles/{number}": {
                "get": {
                    "operationId": "article",
                    "summary": "One article's counts: by type, by regional group, and how many types each State named.",
                    "parameters": article_params,
                    "responses": {
                        "200": { "description": "The article's counts.", "content": { "application/json": { "schema": { "type": "object" } } } },
                        "400": refusal("The sample is not valid."),
                        "404": refusal("The article is not in the chapters analysed.")
                    }
                }
            },
            "/api/v1/report": {
                "get": {
                    "operationId": "report",
                    "summary": "The note for a sample: paragraphs, numbered tables and figures.",
                    "parameters": report_params,
                    "responses": {
                        "200": {
                            "description": "The note in the format asked for.",
                            "content": {
                                "application/json": { "schema": { "type": "object" } },
                                "application/toml": { "schema": { "type": "string" } },
                                "text/html": { "schema": { "type": "string" } },
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } }
                            }
                        },
                        "400": refusal("The sample, the articles or the format is not valid.")
                    }
                }
            },
            "/api/v1/states/{code}/needs": {
                "get": {
                    "operationId": "stateNeeds",
                    "summary": "A State's needs as the caller may see them: every need and its words for the secretariat and the State's focal points; for others, the needs and words of the documents the State published.",
                    "security": [{}, { "session": [] }, { "token": [] }],
                    "parameters": [{ "name": "code", "in": "path", "required": true, "description": "The State's code or name.", "schema": { "type": "string" } }],
                    "responses": {
                        "200": { "description": "The needs.", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/VisibleNeed" } } } } },
                        "404": refusal("No such State party.")
                    }
                }
            },
            "/api/v1/log": {
                "get": {
                    "operationId": "log",
                    "summary": "The log of changes, newest first: who, when, before and after. The secretariat's alone.",
                    "security": [{ "session": [] }, { "token": [] }],
                    "responses": {
                        "200": { "description": "The log.", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/LogEntry" } } } } },
                        "401": refusal("Not signed in."),
                        "403": refusal("Not the secretariat.")
                    }
                }
            },
            "/api/v1/needs": {
                "get": {
                    "operationId": "needs",
                    "summary": "The needs across States parties that the caller may read (what States published, what they share with providers, or all for the secretariat and a State's own focal points), filtered.",
                    "parameters": [
                        { "name": "article", "in": "query", "schema": { "type": "integer" }, "description": "One article; 0 for needs tied to no article." },
                        { "name": "type", "in": "query", "schema": { "type": "string" }, "description": "A type of need, by code." },
                        { "name": "region", "in": "query", "schema": { "type": "string" }, "description": "A regional group, by code." },
                        { "name": "open", "in": "query", "schema": { "type": "string" }, "description": "Any value: only needs nobody addresses yet." }
                    ],
                    "responses": {
                        "200": { "description": "The needs.", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/ListedNeed" } } } } },
                        "400": refusal("A filter names no article, type or regional group.")
                    }
                }
            },
            "/api/v1/assistance": {
                "get": {
                    "operationId": "assistance",
                    "summary": "The assistance recorded against needs that the caller may read: a provider's own, a focal point's State's, all of it for the secretariat; newest first.",
                    "security": [{ "session": [] }, { "token": [] }],
                    "responses": {
                        "200": { "description": "The assistance.", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Assistance" } } } } },
                        "401": refusal("Not signed in.")
                    }
                },
                "post": {
                    "operationId": "recordAssistance",
                    "summary": "Records assistance a provider gives against a need it may read; the need then counts as being addressed. API tokens only, not session cookies.",
                    "security": [{ "token": [] }],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AssistanceRequest" } } }
                    },
                    "responses": {
                        "201": { "description": "Recorded.", "content": { "application/json": { "schema": { "type": "object", "properties": { "id": { "type": "integer" } } } } } },
                        "400": refusal("A field is missing or wrong, or the need is not one the caller may read."),
                        "401": refusal("No API token, or an unknown one."),
                        "403": refusal("Not a provider, donor or the secretariat."),
                        "404": refusal("No such State party.")
                    }
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "responses": { "200": { "description": "The OpenAPI document.", "content": { "application/json": { "schema": { "type": "object" } } } } }
                }
            }
        },
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "tana_session", "description": "The session cookie set by POST /login." },
                "token": { "type": "http", "scheme": "bearer", "description": "An API token made by `tana user token NAME`." }
            },
            "schemas": {
                "VisibleNeed": {
                    "type": "object",
                    "properties": {
                        "cycle": { "type": "integer" },
                        "article": { "type": "integer", "description": "0: tied to no article." },
                        "type": { "type": "string" },
                        "type_label": { "type": "string" },
                        "sources": { "type": "array", "items": { "type": "string" } },
                        "addressed": { "type": "boolean" },
                        "texts": { "type": "array", "items": { "type": "object" } }
                    }
                },
                "ListedNeed": {
                    "type": "object",
                    "description": "A need, with its State party: the fields of VisibleNeed and these.",
                    "properties": {
                        "state": { "type": "string" },
                        "state_name": { "type": "string" },
                        "region": { "type": ["string", "null"] },
                        "cycle": { "type": "integer" },
                        "article": { "type": "integer" },
                        "type": { "type": "string" },
                        "type_label": { "type": "string" },
                        "sources": { "type": "array", "items": { "type": "string" } },
                        "addressed": { "type": "boolean" },
                        "texts": { "type": "array", "items": { "type": "object" } }
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
                        "ends": { "type": ["string", "null"], "format": "date" }
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
                "Analysis": {
                    "type": "object",
                    "properties": {
                        "instrument": { "type": "string" },
                        "cycle": { "type": "integer" },
                        "chapters": { "type": "array", "items": { "type": "string" } },
                        "as_of": { "type": ["string", "null"], "format": "date" },
                        "regions": { "type": "array", "items": { "type": "string" } },
                        "types": { "type": "array", "items": { "type": "string" } },
                        "states_covered": { "type": "integer" },
                        "covered_by_region": { "type": "array", "items": { "type": "integer" } },
                        "scopes": { "type": "array", "items": { "type": "object" } },
                        "articles": { "type": "array", "items": { "type": "object" } },
                        "general": { "type": "object" },
                        "addressed": { "type": "integer" },
                        "challenge_threshold": { "type": "integer" },
                        "challenges_against_needs": { "type": "array", "items": { "type": "object" } }
                    }
                }
            }
        }
    })
}
