# Packaging (tests/e2e/packaging_install.sh): cpack builds the three .deb files from this build
# dir, dpkg installs them into a temporary root, and the installed files, user, permissions,
# units and binaries are checked. Registered unconditionally: with the binaries missing it fails.
add_test(NAME "e2e: packages install into a clean root"
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/packaging_install.sh ${CMAKE_BINARY_DIR})
set_tests_properties("e2e: packages install into a clean root" PROPERTIES
  LABELS "e2e;packaging" TIMEOUT 240 ENVIRONMENT "TMPDIR=${CMAKE_BINARY_DIR}")

# The kiosk session (tests/e2e/kiosk_cage.sh): lp-kiosk under the cage compositor, as the
# listening-post-kiosk unit runs it, on wlroots' headless backend.
if(LP_BUILD_UI)
  add_test(NAME "e2e: kiosk session runs under cage"
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/kiosk_cage.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
  set_tests_properties("e2e: kiosk session runs under cage" PROPERTIES
    LABELS "e2e;packaging;kiosk-ui" TIMEOUT 180)
endif()
