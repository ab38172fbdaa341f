# Strict warnings for the project's own code (headers of dependencies are
# system includes and stay quiet).
add_library(followup_warnings INTERFACE)
target_compile_options(followup_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough
  $<$<BOOL:${FOLLOWUP_WERROR}>:-Werror>)
