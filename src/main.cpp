#include "cli/cli.hpp"

#include <iostream>

int main(int argc, char** argv) {
    return followup::run_cli(argc, argv, std::cout, std::cerr);
}
