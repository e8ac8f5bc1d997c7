# The README's demo, run for real with a short lifetime: aggregator, enrolment, sample answers,
# sync, kiosk window under Xvfb, dashboard URL and login printed.
add_test(NAME "e2e: tools/lp demo runs end to end"
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/demo_test.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
set_tests_properties("e2e: tools/lp demo runs end to end" PROPERTIES TIMEOUT 300 LABELS "e2e")
