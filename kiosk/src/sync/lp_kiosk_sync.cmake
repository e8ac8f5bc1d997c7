# lp_kiosk_sync: the kiosk's side of sync (background worker implementing SyncControl,
# outbox adapter, enrol/sync/export subcommands). Included from kiosk/CMakeLists.txt.
add_library(lp_kiosk_sync STATIC
  ${CMAKE_CURRENT_LIST_DIR}/commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outbox_adapter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sync_worker.cpp
)
add_library(lp::kiosk_sync ALIAS lp_kiosk_sync)
target_include_directories(lp_kiosk_sync PUBLIC ${CMAKE_CURRENT_LIST_DIR}/../../include)
target_link_libraries(lp_kiosk_sync PUBLIC lp_kiosk_core lp_sync_client PRIVATE nlohmann_json::nlohmann_json Threads::Threads)
lp_set_warnings(lp_kiosk_sync)
