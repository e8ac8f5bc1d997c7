# Sync fault tests (tests/e2e/sync_e2e.py): real lp-aggregator over TLS on loopback, the kiosk's
# real sync code (lp-sync-test-kiosk), lp-faultproxy. Each mode owns its temp dir and ports.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND AND TARGET lp-aggregator AND TARGET lp-sync-test-kiosk AND TARGET lp-faultproxy)
  set(lp_sync_e2e_env "")
  if(TARGET lp-kiosk)
    set(lp_sync_e2e_env "LP_KIOSK_EXE=$<TARGET_FILE:lp-kiosk>")
  endif()
  foreach(mode faults outage wrong-pin kill9 export-import revoked too-large conflict cli enrol-retry)
    add_test(NAME "e2e: sync ${mode}"
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/sync_e2e.py ${CMAKE_BINARY_DIR} ${mode})
    set_tests_properties("e2e: sync ${mode}" PROPERTIES LABELS "e2e;sync;faults" TIMEOUT 300
      ENVIRONMENT "${lp_sync_e2e_env}")
  endforeach()
endif()

# Alerts (tests/e2e/alerts_e2e.py): the real aggregator over TLS sends a kiosk's help request and
# flagged comment to a real SMTP server (python3-aiosmtpd) and to a webhook receiver that is down
# at first; each alert arrives once, within seconds, without the comment's text.
# Debian's own interpreter: python3-aiosmtpd is installed for it (a pyenv python may come first on PATH).
find_program(LP_DEBIAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(LP_DEBIAN_PYTHON3 AND TARGET lp-aggregator AND TARGET lp-sync-test-kiosk)
  add_test(NAME "e2e: alerts" COMMAND ${LP_DEBIAN_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/alerts_e2e.py ${CMAKE_BINARY_DIR})
  set_tests_properties("e2e: alerts" PROPERTIES LABELS "e2e;sync;alerts" TIMEOUT 120)
endif()
