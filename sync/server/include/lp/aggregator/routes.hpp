#pragma once
// The API routes, one function per resource. Each handler parses, calls a service and maps
// the outcome to a status; none touches SQL. Other modules add their routes the same way,
// on Server::http().
#include <lp/aggregator/device_auth.hpp>
#include <lp/aggregator/enrol_service.hpp>
#include <lp/aggregator/ingest_service.hpp>
#include <lp/aggregator/question_sets.hpp>
#include <lp/aggregator/server.hpp>

#include <string>

namespace lp::aggregator {

/// GET /api/v1/health → {"status":"ok","version":…}.
void register_health_routes(Server& server);
/// POST /api/v1/enrol.
void register_enrol_routes(Server& server, EnrolService& enrol);
/// POST /api/v1/batches (bearer, gzip allowed, inflated size bounded).
void register_batch_routes(Server& server, IngestService& ingest, DeviceAuthenticator& auth);
/// GET /api/v1/question-sets/current (bearer, ETag / If-None-Match).
void register_question_set_routes(Server& server, const QuestionSetCatalog& catalog, Store& store,
                                  DeviceAuthenticator& auth, std::string default_question_set);

}  // namespace lp::aggregator
