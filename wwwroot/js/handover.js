// The hand-over card's buttons: loaded as a module (the CSP forbids inline script).
export function copy(text) {
    return navigator.clipboard.writeText(text);
}

export function download(fileName, mimeType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
}

export function print() {
    window.print();
}
