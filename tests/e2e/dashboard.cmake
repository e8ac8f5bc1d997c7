# Dashboard end-to-end: a real lp-aggregator (init, import-report, serve) filled through the real
# enrol + sealed-batch path, driven by headless Chromium (selenium) with axe-core checks.
if(TARGET lp-aggregator AND TARGET lp_dashboard)
  add_executable(lp_dashboard_seed ${CMAKE_CURRENT_LIST_DIR}/dashboard_seed.cpp)
  target_link_libraries(lp_dashboard_seed PRIVATE lp::shared PkgConfig::HTTPLIB OpenSSL::SSL OpenSSL::Crypto)
  lp_set_warnings(lp_dashboard_seed)

  find_program(LP_SYSTEM_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  add_test(NAME "e2e: dashboard in headless chromium"
    COMMAND ${LP_SYSTEM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/dashboard_browser_test.py
      --aggregator $<TARGET_FILE:lp-aggregator> --seed $<TARGET_FILE:lp_dashboard_seed>
      --assets ${CMAKE_SOURCE_DIR}/assets --build ${CMAKE_BINARY_DIR} --make-report $<TARGET_FILE:lp-make-report>)
  set_tests_properties("e2e: dashboard in headless chromium" PROPERTIES TIMEOUT 240 LABELS "e2e;dashboard"
    SKIP_RETURN_CODE 77)  # 77: axe-core could not be installed (offline); the rest passed
endif()

# Keyboard-only use of the dashboard (skip link, tab order, focus indicators, no trap) in the same
# headless Chromium: the manual checks of docs/accessibility-statement.md, made repeatable.
if(TARGET lp-aggregator AND TARGET lp_dashboard)
  add_test(NAME "e2e: dashboard keyboard only in headless chromium"
    COMMAND ${LP_SYSTEM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/dashboard_keyboard_test.py
      --aggregator $<TARGET_FILE:lp-aggregator> --seed $<TARGET_FILE:lp_dashboard_seed>
      --assets ${CMAKE_SOURCE_DIR}/assets --build ${CMAKE_BINARY_DIR})
  set_tests_properties("e2e: dashboard keyboard only in headless chromium" PROPERTIES TIMEOUT 180
    LABELS "e2e;dashboard")
endif()
