# Operations (issue 9): /metrics, backup/restore, sealing-key rotation, TLS/config reload.
# Part of lp_aggregator; included from sync/aggregator.cmake.
target_sources(lp_aggregator PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ops/backup.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ops/commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ops/devices.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ops/keyring.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ops/metrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ops/ops.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ops/ops_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/aggregator/ops/tls_reload.cpp
)
target_link_libraries(lp_aggregator PRIVATE SQLite::SQLite3)
