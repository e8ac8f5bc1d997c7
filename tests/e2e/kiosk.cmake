# Kiosk end-to-end tests: the real lp-kiosk binary, Xvfb windows tapped with xdotool,
# kill -9 crash rounds, and the command line. Screenshots go to build/screenshots/.
if(TARGET lp-kiosk)
  find_program(LP_KIOSK_XVFB Xvfb)
  find_program(LP_KIOSK_XDOTOOL xdotool)
  find_program(LP_KIOSK_IMPORT import)
  set(kiosk_e2e_dir ${CMAKE_CURRENT_SOURCE_DIR})
  set(kiosk_work ${CMAKE_CURRENT_BINARY_DIR}/kiosk-work)

  add_test(NAME kiosk_cli COMMAND bash ${kiosk_e2e_dir}/kiosk_cli.sh $<TARGET_FILE:lp-kiosk> ${kiosk_work}/cli)
  set_tests_properties(kiosk_cli PROPERTIES LABELS "kiosk;e2e" TIMEOUT 120)
  add_test(NAME kiosk_salvage COMMAND bash ${kiosk_e2e_dir}/kiosk_salvage.sh $<TARGET_FILE:lp-kiosk> ${kiosk_work}/salvage)
  set_tests_properties(kiosk_salvage PROPERTIES LABELS "kiosk;e2e" TIMEOUT 120)

  if(LP_KIOSK_XVFB AND LP_KIOSK_XDOTOOL AND LP_KIOSK_IMPORT)
    add_test(NAME kiosk_e2e_flow
      COMMAND python3 ${kiosk_e2e_dir}/kiosk_e2e.py flow $<TARGET_FILE:lp-kiosk> ${CMAKE_BINARY_DIR}/screenshots ${kiosk_work}/flow)
    add_test(NAME kiosk_e2e_sizes
      COMMAND python3 ${kiosk_e2e_dir}/kiosk_e2e.py sizes $<TARGET_FILE:lp-kiosk> ${CMAKE_BINARY_DIR}/screenshots ${kiosk_work}/sizes)
    add_test(NAME kiosk_crash
      COMMAND python3 ${kiosk_e2e_dir}/kiosk_crash.py $<TARGET_FILE:lp-kiosk> ${kiosk_work}/crash 8)
    set_tests_properties(kiosk_e2e_flow kiosk_e2e_sizes kiosk_crash PROPERTIES LABELS "kiosk;e2e;xvfb" TIMEOUT 240)
    # kiosk_e2e_WHAT runs kiosk_WHAT.py with the binary, the screenshot folder and its own work folder.
    function(kiosk_window_test what timeout)
      add_test(NAME kiosk_e2e_${what}
        COMMAND python3 ${kiosk_e2e_dir}/kiosk_${what}.py $<TARGET_FILE:lp-kiosk> ${CMAKE_BINARY_DIR}/screenshots ${kiosk_work}/${what})
      set_tests_properties(kiosk_e2e_${what} PROPERTIES LABELS "kiosk;e2e;xvfb" TIMEOUT ${timeout})
    endfunction()
    kiosk_window_test(languages 120)
    kiosk_window_test(under_8s 120)
    kiosk_window_test(arabic 180)
    kiosk_window_test(new_languages 400)
  else()
    message(STATUS "kiosk: Xvfb/xdotool/import not found, window tests skipped")
  endif()
endif()
