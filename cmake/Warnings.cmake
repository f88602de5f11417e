set(VSCTL_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wconversion
    -Wimplicit-fallthrough)
if(VSCTL_WERROR)
  list(APPEND VSCTL_WARNINGS -Werror)
endif()

if(VSCTL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# vsctl_library(NAME DEPS...): src/NAME as the static library vsctl_NAME, every .cc except tests.
function(vsctl_library name)
  file(GLOB srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  list(FILTER srcs EXCLUDE REGEX "_test\\.cc$")
  if(srcs)
    add_library(vsctl_${name} STATIC ${srcs})
    target_include_directories(vsctl_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src)
    target_compile_options(vsctl_${name} PRIVATE ${VSCTL_WARNINGS})
    target_link_libraries(vsctl_${name} PUBLIC ${ARGN})
  else()  # headers only (so far)
    add_library(vsctl_${name} INTERFACE)
    target_include_directories(vsctl_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src)
    target_link_libraries(vsctl_${name} INTERFACE ${ARGN})
  endif()
  add_library(vsctl::${name} ALIAS vsctl_${name})
endfunction()
