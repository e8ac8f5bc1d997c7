# Packaging.cmake: every install() rule and the CPack (DEB, component-based) configuration.
# Included last from the top-level CMakeLists.txt. `tools/lp package` drives it; see README
# "Install and operate".
#
# Packages (one per component):
#   listening-post-common      (all)   assets in /usr/share/listening-post, the 'listening-post'
#                                      system user (sysusers.d + postinst), /var/lib/listening-post
#   listening-post-kiosk       (arch)  /usr/bin/lp-kiosk, the cage kiosk session unit, PAM stack
#   listening-post-aggregator  (arch)  /usr/bin/lp-aggregator, lp-themes, the hardened unit
# Both arch packages depend on the exact common version; library dependencies come from
# dpkg-shlibdeps, so they name the Debian runtime packages (libsqlite3-0, libsodium23, ...).
include(GNUInstallDirs)

set(lp_deploy ${CMAKE_SOURCE_DIR}/tools/deploy)
set(lp_share ${CMAKE_INSTALL_DATADIR}/listening-post)  # relative: /usr/share/listening-post
set(lp_etc /etc/listening-post)
set(lp_var /var/lib/listening-post)
set(lp_units /lib/systemd/system)                       # bookworm's unit directory for packages
set(lp_dir_private OWNER_READ OWNER_WRITE OWNER_EXECUTE)
set(lp_dir_group OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)
set(lp_components common)

# [common] Assets shared by both programs, the system user, the data root.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION ${lp_share} COMPONENT common)
install(FILES ${lp_deploy}/etc/listening-post.sysusers DESTINATION lib/sysusers.d
        RENAME listening-post.conf COMPONENT common)
install(DIRECTORY DESTINATION ${lp_var} DIRECTORY_PERMISSIONS ${lp_dir_group} COMPONENT common)
install(DIRECTORY DESTINATION ${lp_etc} COMPONENT common)

# [kiosk]
if(TARGET lp-kiosk)
  list(APPEND lp_components kiosk)
  install(TARGETS lp-kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
  install(FILES ${lp_deploy}/systemd/listening-post-kiosk.service DESTINATION ${lp_units} COMPONENT kiosk)
  install(FILES ${lp_deploy}/pam/listening-post-kiosk DESTINATION /etc/pam.d COMPONENT kiosk)
  install(FILES ${lp_deploy}/etc/kiosk.env DESTINATION ${lp_etc} COMPONENT kiosk)
  install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/listening-post-kiosk
          COMPONENT kiosk)
  install(DIRECTORY DESTINATION ${lp_var}/kiosk DIRECTORY_PERMISSIONS ${lp_dir_private} COMPONENT kiosk)
endif()

# [aggregator]
if(TARGET lp-aggregator)
  list(APPEND lp_components aggregator)
  install(TARGETS lp-aggregator RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT aggregator)
  if(TARGET lp-themes)
    install(TARGETS lp-themes RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT aggregator)
    # The theme classifier trained at build time (both its models), beside the taxonomy it was trained from.
    install(FILES ${LP_THEME_MODEL} ${LP_THEME_SOFTMAX_MODEL} ${LP_THEME_MODEL}.sha256 DESTINATION ${lp_share}/themes
            COMPONENT aggregator)
  endif()
  install(FILES ${lp_deploy}/systemd/listening-post-aggregator.service DESTINATION ${lp_units}
          COMPONENT aggregator)
  install(FILES ${lp_deploy}/etc/aggregator.env DESTINATION ${lp_etc} COMPONENT aggregator)
  # aggregator.conf is written by the binary itself (`init` writes every default, commented), so
  # the shipped file always matches the keys this build understands.
  # A private staging dir per run, so that two cpack runs on one build dir do not collide;
  # file(INSTALL) adds $DESTDIR (CPack's staging root) itself.
  install(CODE "
    string(RANDOM LENGTH 10 lp_tag)
    set(lp_stage \"${CMAKE_BINARY_DIR}/packaging/aggregator-init-\${lp_tag}\")
    execute_process(COMMAND \"$<TARGET_FILE:lp-aggregator>\" init --data \"\${lp_stage}\"
                    RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR \"lp-aggregator init failed (\${rc}): cannot write the default aggregator.conf\")
    endif()
    file(INSTALL DESTINATION \"${lp_etc}\" TYPE FILE FILES \"\${lp_stage}/aggregator.conf\")
    file(REMOVE_RECURSE \"\${lp_stage}\")" COMPONENT aggregator)
  install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/listening-post-aggregator
          COMPONENT aggregator)
  install(DIRECTORY DESTINATION ${lp_var}/aggregator DIRECTORY_PERMISSIONS ${lp_dir_private}
          COMPONENT aggregator)
endif()

# [docs] Every package gets the Debian copyright file, a changelog and lintian overrides for what
# is deliberate (private data dirs; --help instead of man pages).
foreach(c ${lp_components})
  set(pkg listening-post-${c})
  set(doc ${CMAKE_BINARY_DIR}/packaging/doc/${pkg})
  string(TIMESTAMP lp_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
  file(WRITE ${doc}/changelog.Debian
       "${pkg} (${PROJECT_VERSION}-1) unstable; urgency=medium\n\n"
       "  * Built from the Listening Post source tree by tools/lp package.\n\n"
       " -- Listening Post maintainers <maintainers@listening-post.invalid>  ${lp_date}\n")
  execute_process(COMMAND gzip -n -9 -f ${doc}/changelog.Debian)
  set(overrides "${pkg}: no-manual-page\n${pkg}: initial-upload-closes-no-bugs\n")
  if(NOT c STREQUAL "common")
    set(overrides "${overrides}${pkg}: non-standard-dir-perm 0700 != 0755 [var/lib/listening-post/${c}/]\n")
  else()
    set(overrides "${overrides}${pkg}: non-standard-dir-perm 0750 != 0755 [var/lib/listening-post/]\n")
  endif()
  file(WRITE ${doc}/lintian-overrides "${overrides}")
  install(FILES ${lp_deploy}/debian/copyright ${doc}/changelog.Debian.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${c})
  install(FILES ${doc}/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
          RENAME ${pkg} COMPONENT ${c})
endforeach()

# [CPack] One .deb per component, named the Debian way.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(lp_deb_arch arm64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(lp_deb_arch amd64)
else()
  set(lp_deb_arch ${CMAKE_SYSTEM_PROCESSOR})
endif()

# conffiles: dpkg keeps an admin's edits to these across upgrades.
set(lp_control ${CMAKE_BINARY_DIR}/packaging/control)
file(WRITE ${lp_control}/kiosk/conffiles "${lp_etc}/kiosk.env\n/etc/pam.d/listening-post-kiosk\n")
file(WRITE ${lp_control}/aggregator/conffiles "${lp_etc}/aggregator.env\n${lp_etc}/aggregator.conf\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME listening-post)
set(CPACK_PACKAGE_VENDOR "Listening Post")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Listening Post maintainers <maintainers@listening-post.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${lp_components})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://listening-post.invalid/")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${lp_deb_arch})
set(lp_same_version "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")

set(CPACK_DEBIAN_COMMON_PACKAGE_NAME listening-post-common)
set(CPACK_DEBIAN_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_COMMON_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_COMMON_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_COMMON_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_COMMON_DESCRIPTION
    "shared assets and system user for Listening Post\nQuestion sets, the inspection theme catalogue and dashboard files in\n/usr/share/listening-post, and the 'listening-post' system user that owns\n/var/lib/listening-post.")
set(CPACK_DEBIAN_COMMON_PACKAGE_CONTROL_EXTRA
    "${lp_deploy}/debian/common/postinst;${lp_deploy}/debian/common/postrm")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME listening-post-kiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "listening-post-common (= ${lp_same_version}), fonts-noto-core, fonts-opendyslexic")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "cage, xwayland, libpam-systemd, espeak-ng, fonts-noto-color-emoji")
set(CPACK_DEBIAN_KIOSK_DESCRIPTION
    "touch-screen feedback kiosk for children in care and care leavers\nYoung people answer a few questions with big buttons; answers are sealed,\nkept in a local outbox and synced to the Listening Post aggregator. Ships a\nsystemd unit that runs it full-screen under the cage Wayland compositor.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    "${lp_control}/kiosk/conffiles;${lp_deploy}/debian/kiosk/postinst;${lp_deploy}/debian/kiosk/prerm;${lp_deploy}/debian/kiosk/postrm")

set(CPACK_DEBIAN_AGGREGATOR_PACKAGE_NAME listening-post-aggregator)
set(CPACK_DEBIAN_AGGREGATOR_PACKAGE_DEPENDS "listening-post-common (= ${lp_same_version})")
set(CPACK_DEBIAN_AGGREGATOR_PACKAGE_SUGGESTS "postgresql, nginx")
set(CPACK_DEBIAN_AGGREGATOR_DESCRIPTION
    "server that Listening Post kiosks sync to, with a managers' dashboard\nThe HTTPS API that gathers sealed answers from the kiosks, and the dashboard\nthat sets what young people say beside what inspectors found. Ships a\nhardened systemd unit.")
set(CPACK_DEBIAN_AGGREGATOR_PACKAGE_CONTROL_EXTRA
    "${lp_control}/aggregator/conffiles;${lp_deploy}/debian/aggregator/postinst;${lp_deploy}/debian/aggregator/prerm;${lp_deploy}/debian/aggregator/postrm")

include(CPack)
