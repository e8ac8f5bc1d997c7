# "You said, we did" end to end: dashboard form -> aggregator -> lp-kiosk sync -> the
# kiosk's attract screen under Xvfb (screenshot in build/screenshots/kiosk-you-said-we-did.png).
if(TARGET lp-aggregator AND TARGET lp_dashboard AND TARGET lp-kiosk)
  find_program(LP_SYSTEM_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  add_test(NAME "e2e: you said, we did reaches the kiosk's attract screen"
    COMMAND ${LP_SYSTEM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/you_said_we_did_e2e.py
      --aggregator $<TARGET_FILE:lp-aggregator> --kiosk $<TARGET_FILE:lp-kiosk>
      --assets ${CMAKE_SOURCE_DIR}/assets --build ${CMAKE_BINARY_DIR})
  set_tests_properties("e2e: you said, we did reaches the kiosk's attract screen" PROPERTIES TIMEOUT 120
    LABELS "e2e;kiosk;dashboard")
endif()
