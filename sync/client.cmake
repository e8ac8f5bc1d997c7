# lp_sync_client: the kiosk's uploader (libcurl + zlib). Only this library includes <curl/curl.h>.
add_library(lp_sync_client STATIC
  src/client/backoff.cpp
  src/client/batch_outcome.cpp
  src/client/device_config.cpp
  src/client/enrol.cpp
  src/client/engine.cpp
  src/client/gzip.cpp
  src/client/http_client.cpp
  src/client/question_set_refresh.cpp
  src/client/url.cpp
  src/client/you_said_we_did.cpp
)
add_library(lp::sync_client ALIAS lp_sync_client)
target_include_directories(lp_sync_client PUBLIC include)
target_link_libraries(lp_sync_client
  PUBLIC lp::shared
  PRIVATE PkgConfig::CURL ZLIB::ZLIB nlohmann_json::nlohmann_json Threads::Threads)
lp_set_warnings(lp_sync_client)
