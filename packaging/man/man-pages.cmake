# gramt_man_page(TARGET NAME "one line" [INCLUDE file.h2m] [SUBCOMMANDS] [ENV VAR=value ...])
# Builds TARGET.1 from the program's --help with help2man (make-man-page.sh) and installs it.
set(GRAMT_MAN_PAGE_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/make-man-page.sh)
function(gramt_man_page target)
  cmake_parse_arguments(ARG "SUBCOMMANDS" "NAME;INCLUDE" "ENV" ${ARGN})
  set(page ${CMAKE_CURRENT_BINARY_DIR}/${target}.1)
  set(flags "")
  if(ARG_SUBCOMMANDS)
    set(flags --subcommands)
  endif()
  add_custom_command(OUTPUT ${page}
    COMMAND ${CMAKE_COMMAND} -E env ${ARG_ENV} ${GRAMT_SANITIZER_ENV}
            ${GRAMT_MAN_PAGE_SCRIPT} $<TARGET_FILE:${target}> ${page} ${ARG_NAME} "${ARG_INCLUDE}" ${flags}
    DEPENDS ${target} ${ARG_INCLUDE} ${GRAMT_MAN_PAGE_SCRIPT}
    COMMENT "Man page ${target}.1 from ${target} --help"
    VERBATIM)
  add_custom_target(${target}-man-page ALL DEPENDS ${page})
  install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endfunction()
