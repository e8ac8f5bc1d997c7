# Scale-out: a 60-second soak of PostgreSQL + 2 instances + nginx + the fault proxy
# under lp-loadgen, with an instance killed and restarted, PostgreSQL restarted, then the
# other instance killed and restarted. Zero lost, zero duplicated, all drained.
add_test(NAME "scale: soak through nginx and the fault proxy loses and repeats nothing while instances and PostgreSQL restart"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale_soak.sh ${CMAKE_BINARY_DIR} 60 200)
set_tests_properties("scale: soak through nginx and the fault proxy loses and repeats nothing while instances and PostgreSQL restart"
                     PROPERTIES LABELS "e2e;scale" TIMEOUT 240)

add_test(NAME "scale: rate limits hold across instances (nginx enforces one bucket per device token)"
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale_limits.sh ${CMAKE_BINARY_DIR})
set_tests_properties("scale: rate limits hold across instances (nginx enforces one bucket per device token)"
                     PROPERTIES LABELS "e2e;scale" TIMEOUT 120)
