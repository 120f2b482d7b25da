# Fails when a source of the policy library includes anything but the standard library (minus
# I/O, clocks and threads), Abseil (minus clocks and flags) and policy/ itself.
# Used at configure time (include() with POLICY_SOURCE_DIR and POLICY_FILES set) and at build time
# (cmake -DPOLICY_SOURCE_DIR=... -DPOLICY_FILES=a|b|c -DSTAMP=... -P check_includes.cmake), so an
# include added later fails the next build, not only the next configuration.
string(REPLACE "|" ";" policy_check_files "${POLICY_FILES}")
set(forbidden_includes
  "<fstream>" "<iostream>" "<cstdio>" "<stdio.h>" "<filesystem>" "<chrono>" "<ctime>"
  "<thread>" "<random>" "<unistd.h>" "<fcntl.h>" "absl/time/clock.h" "absl/flags/")
foreach(source IN LISTS policy_check_files)
  file(STRINGS ${POLICY_SOURCE_DIR}/${source} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    string(REGEX MATCH "[<\"][^>\"]+[>\"]" header "${line}")
    set(bad "")
    if(header MATCHES "^\"" AND NOT header MATCHES "^\"(policy|absl)/")
      set(bad "${header}")
    endif()
    foreach(forbidden IN LISTS forbidden_includes)
      string(FIND "${header}" "${forbidden}" at)
      if(NOT at EQUAL -1)
        set(bad "${header}")
      endif()
    endforeach()
    if(bad)
      message(FATAL_ERROR
        "policy/${source} includes ${bad}; the policy library is pure (no I/O, no clocks, no "
        "threads) and depends on Abseil only.")
    endif()
  endforeach()
endforeach()
if(STAMP)
  file(TOUCH ${STAMP})
endif()
