# Tests of lp_sync_client and lp-faultproxy's pure parts (doctest), plus the test kiosk driver
# used by the end-to-end fault tests in tests/e2e/sync.cmake.
lp_add_test(sync_client
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/client_backoff_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_batch_outcome_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_engine_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_gzip_url_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_faultproxy_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_worker_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_you_said_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_plain_words_i18n_test.cpp
  LIBS lp::sync_client lp::kiosk_sync lp_faultproxy_core PkgConfig::HTTPLIB Threads::Threads)

add_executable(lp-sync-test-kiosk ${CMAKE_CURRENT_LIST_DIR}/sync_test_kiosk.cpp)
target_link_libraries(lp-sync-test-kiosk PRIVATE lp::kiosk_sync)
target_compile_definitions(lp-sync-test-kiosk PRIVATE LP_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
set_target_properties(lp-sync-test-kiosk PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
lp_set_warnings(lp-sync-test-kiosk)
