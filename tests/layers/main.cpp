// Linked with every object of one layer's library: building it is the check.
int main() {
    return 0;
}
