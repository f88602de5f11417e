# cmake -DVSCTL=path/to/vsctl -DOUT=dir -P GenerateDocs.cmake
# Writes OUT/completions/{vsctl,_vsctl,vsctl.fish} and OUT/man1/*.1 from the built vsctl, then
# OUT/stamp. Stale man pages of commands that no longer exist are removed first.
file(REMOVE_RECURSE ${OUT}/man1 ${OUT}/completions)
file(MAKE_DIRECTORY ${OUT}/completions)
foreach(pair "bash;vsctl" "zsh;_vsctl" "fish;vsctl.fish")
  list(GET pair 0 shell)
  list(GET pair 1 name)
  execute_process(COMMAND ${VSCTL} completion ${shell} OUTPUT_FILE ${OUT}/completions/${name}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "vsctl completion ${shell} failed (${rc})")
  endif()
endforeach()
execute_process(COMMAND ${VSCTL} __man ${OUT}/man1 OUTPUT_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "vsctl __man failed (${rc})")
endif()
file(TOUCH ${OUT}/stamp)
